from collections import namedtuple

Row = namedtuple("Row", ["city", "temp", "rain"])
rows = [Row("Oslo", -3.5, 1.2), Row("Rome", 14.0, 0.0), Row("Lima", 19.5, 0.1)]
warm = [r.city for r in rows if r.temp > 10]
print(warm)
print(rows[0])
print(rows[1]._replace(temp=15.5))
print(rows[2]._asdict())
