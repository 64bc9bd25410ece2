from itertools import combinations_with_replacement, permutations, product, combinations

print(list(combinations_with_replacement("ab", 2)))
print(list(permutations("abc")))
print(len(list(product(range(3), repeat=3))), list(product([0, 1], "xy")))
print(sum(1 for c in combinations(range(10), 4)))
