import json

data = {"city": "Zürich", "emoji": "ok", "greeting": "héllo"}
print(json.dumps(data))
print(json.dumps(data, ensure_ascii=False))
