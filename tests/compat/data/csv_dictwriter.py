import csv
import io

rows = [{"name": "Ann", "score": 91}, {"name": "Bob", "score": 78}]
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=["name", "score"])
w.writeheader()
w.writerows(rows)
print(repr(buf.getvalue()))
