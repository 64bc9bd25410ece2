import csv
import io

out = io.StringIO()
writer = csv.writer(out)
writer.writerow(["id", "name", "comment"])
writer.writerow([1, "Ann", "says, hi"])
writer.writerow([2, "Bob", 'a "quote"'])
print(out.getvalue(), end="")
