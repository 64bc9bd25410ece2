def deep_merge(a, b):
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


base = {"db": {"host": "x", "port": 5432}, "log": {"level": "info"}}
patch = {"db": {"host": "y"}, "log": {"file": "app.log"}}
merged = deep_merge(base, patch)
print(merged["db"], sorted(merged["log"].items()))
