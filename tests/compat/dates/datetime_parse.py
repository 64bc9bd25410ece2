from datetime import datetime

dt = datetime.strptime("2023-11-05 08:15", "%Y-%m-%d %H:%M")
print(dt, dt.year, dt.month, dt.hour)
d2 = datetime.strptime("05/Mar/2021", "%d/%b/%Y")
print(d2.date())
