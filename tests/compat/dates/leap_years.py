import calendar

print([y for y in range(1896, 1925) if calendar.isleap(y)])
print(calendar.monthrange(2024, 2), calendar.monthrange(2023, 2))
print(calendar.leapdays(2000, 2024))
