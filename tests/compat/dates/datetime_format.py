from datetime import datetime

dt = datetime(2024, 7, 4, 15, 30, 5)
print(dt)
print(dt.strftime("%Y-%m-%d %H:%M:%S"))
print(dt.strftime("%d/%m/%y %I:%M %p"))
print(dt.strftime("%A, %B %d, %Y"))
print(dt.isoformat())
