from itertools import pairwise, accumulate
import operator

prices = [10, 12, 9, 15, 15]
print([b - a for a, b in pairwise(prices)])
print(list(accumulate(prices, operator.mul)))
print(list(accumulate(prices, initial=100)))
