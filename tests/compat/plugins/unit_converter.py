FACTORS = {("km", "mi"): 0.621371, ("kg", "lb"): 2.20462, ("l", "gal"): 0.264172}


def convert(value: float, src: str, dst: str) -> float:
    if (src, dst) in FACTORS:
        return value * FACTORS[(src, dst)]
    if (dst, src) in FACTORS:
        return value / FACTORS[(dst, src)]
    if src == "c" and dst == "f":
        return value * 9 / 5 + 32
    raise ValueError(f"cannot convert {src} to {dst}")


for args in [(10, "km", "mi"), (5, "lb", "kg"), (100, "c", "f"), (1, "m", "ft")]:
    try:
        print(args, round(convert(*args), 3))
    except ValueError as e:
        print("error:", e)
