import json

record = {"name": "Ada", "age": 36, "languages": ["en", "fr"], "active": True, "score": None}
text = json.dumps(record)
print(text)
back = json.loads(text)
assert back == record
print(back["languages"][1])
