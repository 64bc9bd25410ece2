SCHEMA = {"name": str, "age": int, "tags": list}


def validate(obj, schema=SCHEMA):
    errors = []
    for key, typ in schema.items():
        if key not in obj:
            errors.append(f"missing {key}")
        elif not isinstance(obj[key], typ):
            errors.append(f"{key}: expected {typ.__name__}, got {type(obj[key]).__name__}")
    for key in obj:
        if key not in schema:
            errors.append(f"unexpected {key}")
    return errors


print(validate({"name": "a", "age": 1, "tags": []}))
print(validate({"name": 1, "tags": "x", "extra": True}))
