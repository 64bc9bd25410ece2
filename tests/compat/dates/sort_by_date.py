from datetime import datetime

events = [("deploy", "2024-03-01 10:00"), ("standup", "2024-02-28 09:00"), ("retro", "2024-03-01 09:30")]
parsed = sorted((datetime.strptime(ts, "%Y-%m-%d %H:%M"), name) for name, ts in events)
for when, name in parsed:
    print(when.strftime("%b %d %H:%M"), name)
