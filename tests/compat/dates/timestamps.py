from datetime import datetime, timezone

ts = 1700000000
dt = datetime.fromtimestamp(ts, timezone.utc)
print(dt.isoformat())
print(int(dt.timestamp()) == ts)
print(datetime(1970, 1, 2, tzinfo=timezone.utc).timestamp())
