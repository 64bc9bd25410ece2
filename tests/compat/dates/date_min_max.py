from datetime import date

dates = [date(2024, 5, 3), date(2023, 12, 1), date(2024, 1, 15)]
print(min(dates), max(dates), sorted(dates)[1])
print(date(2024, 5, 3) in dates, date.min.year, date.max.year)
