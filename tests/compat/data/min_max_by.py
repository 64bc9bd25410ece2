students = [("ann", 88), ("bob", 95), ("cid", 72), ("dee", 95)]
print(max(students, key=lambda s: s[1]))
print(min(students, key=lambda s: s[1]))
print(sorted(students, key=lambda s: s[1], reverse=True)[:2])
print(max([], default=None))
