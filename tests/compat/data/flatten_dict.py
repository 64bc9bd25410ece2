def flatten(d, parent=""):
    items = {}
    for k, v in d.items():
        key = f"{parent}.{k}" if parent else k
        if isinstance(v, dict):
            items.update(flatten(v, key))
        else:
            items[key] = v
    return items


nested = {"a": 1, "b": {"c": 2, "d": {"e": 3}}, "f": [1, 2]}
for k, v in sorted(flatten(nested).items()):
    print(k, "=", v)
