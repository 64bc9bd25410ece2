from itertools import count, cycle, repeat, islice

print(list(islice(count(10, 5), 4)))
print(list(islice(cycle("abc"), 7)))
print(list(repeat("x", 3)))
print(list(islice(range(100), 10, 20, 3)))
