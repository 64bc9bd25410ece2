from datetime import date
import calendar


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


print(add_months(date(2024, 1, 31), 1), add_months(date(2024, 11, 15), 3), add_months(date(2024, 3, 31), -1))
