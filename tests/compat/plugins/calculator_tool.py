import operator

OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow}


def calc(expr: str) -> float:
    a, op, b = expr.split()
    return OPS[op](float(a), float(b))


for e in ["3 + 4", "10 / 4", "2 ** 10", "7 - 9.5"]:
    print(e, "=", calc(e))
