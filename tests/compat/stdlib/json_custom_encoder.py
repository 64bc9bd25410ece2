import json
from datetime import date


def default(o):
    if isinstance(o, date):
        return o.isoformat()
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"not serializable: {type(o).__name__}")


print(json.dumps({"when": date(2024, 1, 2), "tags": {"b", "a"}}, default=default))
try:
    json.dumps({"x": object()}, default=default)
except TypeError as e:
    print("error:", e)
