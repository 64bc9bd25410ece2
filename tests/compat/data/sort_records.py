rows = [("apple", 3, 1.2), ("banana", 12, 0.5), ("cherry", 7, 3.0), ("date", 3, 2.5)]
for r in sorted(rows, key=lambda r: (-r[1], r[0])):
    print(r)
print(sorted(rows, key=lambda r: r[2] * r[1])[-1][0])
