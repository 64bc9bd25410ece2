from datetime import date, timedelta


def month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


for m in range(1, 13):
    print(month_end(date(2024, m, 10)), end=" ")
print()
