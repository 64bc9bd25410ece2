from datetime import timedelta

d = timedelta(days=1, hours=2, minutes=30)
print(d, d.total_seconds(), d.days, d.seconds)
print(d * 2, d / 2, -d)
print(timedelta(minutes=90) > timedelta(hours=1), timedelta(seconds=3661))
