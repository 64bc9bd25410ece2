sales = [
    ("2024-01", "north", 100), ("2024-01", "south", 80), ("2024-02", "north", 120),
    ("2024-02", "south", 95), ("2024-03", "north", 90), ("2024-03", "south", 130),
]
by_month = {}
by_region = {}
for month, region, amount in sales:
    by_month[month] = by_month.get(month, 0) + amount
    by_region[region] = by_region.get(region, 0) + amount
print(by_month)
print(by_region)
best = max(by_month.items(), key=lambda kv: kv[1])
print("best month:", best)
