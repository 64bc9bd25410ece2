items = ["b", "a", "b", "c", "a", "d"]
seen = set()
unique = [x for x in items if not (x in seen or seen.add(x))]
print(unique)
print(list(dict.fromkeys(items)))
