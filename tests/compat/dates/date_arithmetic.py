from datetime import date, timedelta

start = date(2024, 1, 31)
print(start + timedelta(days=30))
print(date(2024, 3, 1) - date(2024, 2, 1))
print((date(2025, 1, 1) - date(2024, 1, 1)).days)
print(start.isoformat(), start.weekday(), start.isoweekday())
