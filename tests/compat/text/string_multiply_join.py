print("-" * 20)
print("=".join(["a"] * 3))
print("ab" * 0 == "", "abc" in "xxabcxx", "abc" < "abd", sorted(["b", "A", "a", "B"]))
print(sorted(["b", "A", "a", "B"], key=str.lower))
