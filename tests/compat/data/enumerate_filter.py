readings = [12.1, -1, 13.4, 0, 15.2, -3, 11.0]
valid = [(i, r) for i, r in enumerate(readings) if r > 0]
print(valid)
print(f"{len(valid)} of {len(readings)} valid, max at index {max(valid, key=lambda t: t[1])[0]}")
