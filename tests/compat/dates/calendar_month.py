import calendar

print(calendar.month(2024, 2))
print(calendar.monthcalendar(2024, 2)[0])
