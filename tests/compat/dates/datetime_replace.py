from datetime import datetime

dt = datetime(2024, 3, 10, 14, 45, 30)
print(dt.replace(hour=0, minute=0, second=0))
print(dt.replace(day=1).date(), dt.time())
print(dt.toordinal(), dt.date().toordinal())
