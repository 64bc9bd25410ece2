import json

for bad in ['{"a": 1', "[1, 2,]", "nope"]:
    try:
        json.loads(bad)
    except ValueError:
        print("invalid:", bad)
