import csv
import io

text = 'name,city,note\nAnn,Paris,"likes ""quotes"""\nBob,"New York, NY",\n'
for row in csv.reader(io.StringIO(text)):
    print(row)
