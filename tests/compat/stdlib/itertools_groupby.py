from itertools import groupby

records = [("fruit", "apple"), ("fruit", "pear"), ("veg", "kale"), ("fruit", "fig"), ("veg", "leek")]
for key, group in groupby(sorted(records), key=lambda r: r[0]):
    print(key, [name for _, name in group])
print([(k, len(list(g))) for k, g in groupby("aaabbc")])
