import json

raw = '[{"id": 1, "tags": ["a", "b"]}, {"id": 2, "tags": []}, {"id": 3, "tags": ["b"]}]'
records = json.loads(raw)
tagged_b = [r["id"] for r in records if "b" in r["tags"]]
print(tagged_b)
print(json.dumps({"ids": tagged_b, "count": len(tagged_b)}))
