def boxed(lines):
    width = max(len(l) for l in lines)
    top = "+" + "-" * (width + 2) + "+"
    body = [f"| {l.ljust(width)} |" for l in lines]
    return "\n".join([top, *body, top])


print(boxed(["mpsandbox", "runs python", "safely"]))
