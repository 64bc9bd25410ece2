values = [1, 2.5, "s", [1], (1,), {"a": 1}, None, True, {1}, b"x"]
print([type(v).__name__ for v in values])
print([isinstance(v, (int, float)) for v in values])
print(type(True) is bool, isinstance(True, int))
