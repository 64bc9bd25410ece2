titles = ["the lord of the rings", "a tale OF two cities", "war and peace"]
for t in titles:
    print(t.title(), "|", t.capitalize(), "|", t.upper(), "|", t.swapcase())
