def render(template, context):
    out = template
    for key, value in context.items():
        out = out.replace("{{" + key + "}}", str(value))
    return out


tpl = "Dear {{name}},\nYour order #{{order}} ships on {{date}}."
print(render(tpl, {"name": "Ann", "order": 1042, "date": "Monday"}))
