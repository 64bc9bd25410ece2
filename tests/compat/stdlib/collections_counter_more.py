from collections import Counter

c = Counter(a=3, b=1, c=2)
c.update("aab")
print(sorted(c.elements()))
c.subtract({"a": 4})
print(c["a"], c.total(), sorted((+c).items()))
print(Counter([1, 1, 2]) == Counter({1: 2, 2: 1}))
