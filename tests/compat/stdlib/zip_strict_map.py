print(list(zip([1, 2], "ab", [True, False])))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError:
    print("length mismatch")
print(list(map(lambda a, b: a + b, [1, 2], [10, 20])))
