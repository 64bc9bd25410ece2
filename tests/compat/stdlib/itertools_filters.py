from itertools import dropwhile, takewhile, filterfalse, tee

data = [1, 4, 6, 3, 8, 2]
print(list(takewhile(lambda x: x < 5, data)), list(dropwhile(lambda x: x < 5, data)))
print(list(filterfalse(lambda x: x % 2, data)))
a, b = tee(iter(data))
print(list(a), sum(b))
