def find_all(text, sub):
    start = 0
    while True:
        i = text.find(sub, start)
        if i == -1:
            return
        yield i
        start = i + 1


print(list(find_all("abababa", "aba")))
print("banana".index("an", 2))
