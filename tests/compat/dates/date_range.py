from datetime import date, timedelta


def date_range(start, end, step=timedelta(days=1)):
    while start < end:
        yield start
        start += step


for d in date_range(date(2024, 2, 26), date(2024, 3, 3)):
    print(d.isoformat(), d.strftime("%a"))
