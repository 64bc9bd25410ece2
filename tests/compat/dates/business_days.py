from datetime import date, timedelta


def business_days(start: date, end: date) -> int:
    days = 0
    d = start
    while d < end:
        if d.weekday() < 5:
            days += 1
        d += timedelta(days=1)
    return days


print(business_days(date(2024, 1, 1), date(2024, 2, 1)))
print(business_days(date(2024, 3, 29), date(2024, 4, 2)))
