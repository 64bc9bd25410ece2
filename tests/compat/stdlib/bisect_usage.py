import bisect

scores = [60, 70, 80, 90]
grades = "FDCBA"
print([grades[bisect.bisect(scores, s)] for s in [33, 99, 77, 70, 89, 90, 100]])
xs = [1, 3, 3, 5]
bisect.insort(xs, 4)
print(xs, bisect.bisect_left(xs, 3), bisect.bisect_right(xs, 3))
print(bisect.bisect_left([{"k": 1}, {"k": 5}], 3, key=lambda d: d["k"]))
