import json

print(json.dumps([1, 2.5, "x", None, True, False, [], {}]))
print(json.dumps({"n": 10 ** 20, "f": 1.0, "neg": -0.5}))
print(json.dumps("tab\tnewline\n\"quote\""))
