from datetime import date

for d in (date(2024, 1, 1), date(2024, 3, 1), date(2023, 12, 31)):
    print(d, d.timetuple().tm_yday, d.strftime("%j"))
