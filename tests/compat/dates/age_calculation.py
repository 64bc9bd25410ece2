from datetime import date


def age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


today = date(2024, 6, 15)
for b in [date(1990, 6, 15), date(1990, 6, 16), date(2000, 2, 29)]:
    print(b, age(b, today))
