from datetime import time, datetime, date

t = time(9, 30)
print(t, t.hour, t.isoformat())
print(datetime.combine(date(2024, 5, 1), t))
print(time(23, 59, 59) > t)
