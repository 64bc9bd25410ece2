names = ["ann", "bob", "cid"]
ages = [31, 25, 40]
pairs = list(zip(names, ages))
print(pairs)
n, a = zip(*pairs)
print(n, a)
print(dict(zip(names, ages)))
