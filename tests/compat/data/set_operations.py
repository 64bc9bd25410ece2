a = {"python", "rust", "go", "c"}
b = {"go", "c", "java"}
print(sorted(a & b), sorted(a | b), sorted(a - b), sorted(a ^ b))
print({"c"} <= a, a.isdisjoint({"cobol"}))
