import re


def camel_to_snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def snake_to_camel(name):
    first, *rest = name.split("_")
    return first + "".join(w.capitalize() for w in rest)


print(camel_to_snake("parseHttpResponseCode"))
print(snake_to_camel("parse_http_response_code"))
