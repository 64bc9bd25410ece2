from datetime import date

deadlines = {"report": date(2024, 5, 1), "taxes": date(2024, 4, 15), "trip": date(2024, 7, 20)}
today = date(2024, 4, 20)
for name, d in sorted(deadlines.items(), key=lambda kv: kv[1]):
    delta = (d - today).days
    status = "overdue" if delta < 0 else f"in {delta} days"
    print(f"{name:8} {d} {status}")
