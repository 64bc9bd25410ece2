import json

data = {"b": 2, "a": 1, "c": {"z": 26, "y": 25}}
print(json.dumps(data, sort_keys=True))
print(json.dumps(data, separators=(",", ":"), sort_keys=True))
