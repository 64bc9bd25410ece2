class ValidationError(Exception):
    pass


def validate_user(data: dict) -> dict:
    errors = []
    if not isinstance(data.get("name"), str) or not data["name"]:
        errors.append("name required")
    age = data.get("age")
    if not isinstance(age, int) or not 0 <= age <= 150:
        errors.append("age must be 0..150")
    if "@" not in data.get("email", ""):
        errors.append("email invalid")
    if errors:
        raise ValidationError("; ".join(errors))
    return data


for d in [{"name": "ann", "age": 30, "email": "a@x"}, {"name": "", "age": 200}]:
    try:
        print("ok", validate_user(d))
    except ValidationError as e:
        print("invalid:", e)
