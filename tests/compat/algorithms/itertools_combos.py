from itertools import combinations, permutations, product

print(list(combinations("ABCD", 2)))
print(len(list(permutations(range(5), 3))))
print(["".join(p) for p in product("ab", repeat=3)])
