from datetime import date, datetime

print(date.fromisoformat("2024-02-29"))
dt = datetime.fromisoformat("2024-02-29T13:45:00")
print(dt, dt.minute)
print(datetime.fromisoformat("2024-02-29 13:45:00.250000").microsecond)
