records = [
    {"year": 2022, "quarter": "Q1", "rev": 10}, {"year": 2022, "quarter": "Q2", "rev": 12},
    {"year": 2023, "quarter": "Q1", "rev": 14}, {"year": 2023, "quarter": "Q2", "rev": 9},
]
quarters = sorted({r["quarter"] for r in records})
years = sorted({r["year"] for r in records})
table = {(r["year"], r["quarter"]): r["rev"] for r in records}
print("year", *quarters, sep="\t")
for y in years:
    print(y, *(table.get((y, q), 0) for q in quarters), sep="\t")
