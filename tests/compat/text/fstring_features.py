name, value, width = "pi", 3.14159265, 10
print(f"{name!r:>{width}} = {value:.{3}f}")
print(f"{value=}")
print(f"{'nested'} {[1, 2][1]} {{braces}}")
items = {"a": 1}
print(f"{items['a']:03d} {len(name):>4}")
