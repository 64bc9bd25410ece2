rows = [("Name", "Qty", "Price"), ("Widget", 3, 2.5), ("Gadget", 12, 10.0), ("Thingamajig", 1, 199.99)]
widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
for r in rows:
    print(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
