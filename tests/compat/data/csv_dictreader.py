import csv
import io

data = io.StringIO("product,units,price\napple,3,0.5\npear,5,0.75\nplum,2,1.25\n")
total = 0.0
for row in csv.DictReader(data):
    total += int(row["units"]) * float(row["price"])
    print(row["product"], row["units"])
print("total", total)
