from functools import reduce
import operator

print(reduce(operator.add, [1, 2, 3, 4]), reduce(lambda a, b: a * b, range(1, 6), 1))
print(reduce(lambda acc, w: acc + len(w), ["ab", "cde"], 0))
print(reduce(max, [3, 9, 2]))
