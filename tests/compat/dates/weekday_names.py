from datetime import date
import calendar

d = date(2024, 12, 25)
print(calendar.day_name[d.weekday()], calendar.month_name[d.month], calendar.month_abbr[1])
print(d.strftime("%a %b %d"))
