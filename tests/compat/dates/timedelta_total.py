from datetime import datetime

shifts = [("09:00", "17:30"), ("22:00", "23:45"), ("07:15", "12:00")]
total = None
for a, b in shifts:
    d = datetime.strptime(b, "%H:%M") - datetime.strptime(a, "%H:%M")
    total = d if total is None else total + d
print(total, total.total_seconds() / 3600)
