values = [3.14159, 2.0, 1 / 3, 1e-7, 123456.789, 0.1 + 0.2]
for v in values:
    print(v, f"{v:.2f}", f"{v:e}", f"{v:g}", f"{v:>12.4f}|")
