from itertools import accumulate

deposits = [100, -20, 50, -70, 30]
print(list(accumulate(deposits)))
print(list(accumulate(deposits, max)))
