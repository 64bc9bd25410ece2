defaults = {"color": "blue", "size": "M", "qty": 1}
overrides = {"size": "L", "qty": 3}
merged = {**defaults, **overrides}
print(merged)
merged2 = defaults | overrides
print(merged2 == merged)
