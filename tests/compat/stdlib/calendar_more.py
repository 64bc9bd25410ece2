import calendar

print(calendar.weekday(2024, 7, 4), calendar.day_abbr[calendar.weekday(2024, 7, 4)])
print(list(calendar.day_name))
print(calendar.monthrange(2100, 2))
