from collections import Counter

a = Counter("mississippi")
b = Counter("missouri")
print(sorted(a.items()))
print(a.most_common(2))
print(sorted((a + b).items()))
print(sorted((a - b).items()))
print(a["z"], sum(a.values()))
