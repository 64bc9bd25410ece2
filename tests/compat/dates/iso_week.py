from datetime import date

for d in (date(2024, 1, 1), date(2024, 12, 30), date(2021, 1, 3)):
    y, w, wd = d.isocalendar()
    print(d, y, w, wd)
