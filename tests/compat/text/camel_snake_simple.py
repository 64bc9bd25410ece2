def camel_to_snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


print(camel_to_snake("getUserById"), camel_to_snake("HTTPServer"))
