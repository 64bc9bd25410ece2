from datetime import datetime, timezone, timedelta

dt = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
print(dt, dt.isoformat())
print(dt.timestamp())
print(datetime.fromtimestamp(0, tz=timezone.utc))
tz = timezone(timedelta(hours=2))
print(dt.astimezone(tz))
