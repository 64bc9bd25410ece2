from collections import defaultdict

people = [
    {"name": "Ann", "dept": "eng", "salary": 120},
    {"name": "Bob", "dept": "ops", "salary": 90},
    {"name": "Cid", "dept": "eng", "salary": 110},
    {"name": "Dee", "dept": "ops", "salary": 95},
    {"name": "Eve", "dept": "sales", "salary": 70},
]
by_dept = defaultdict(list)
for p in people:
    by_dept[p["dept"]].append(p)
for dept in sorted(by_dept):
    members = by_dept[dept]
    avg = sum(m["salary"] for m in members) / len(members)
    print(f"{dept:6} {len(members)} {avg:.1f}")
