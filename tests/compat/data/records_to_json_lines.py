import json

events = [
    {"ts": 1, "type": "login", "user": "ann"},
    {"ts": 2, "type": "click", "user": "ann", "target": "buy"},
    {"ts": 5, "type": "logout", "user": "ann"},
]
lines = "\n".join(json.dumps(e) for e in events)
print(lines)
parsed = [json.loads(l) for l in lines.splitlines()]
print([e["type"] for e in parsed])
