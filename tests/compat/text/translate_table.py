table = str.maketrans("aeiou", "43105", "xyz")
print("sandbox exercise lazy".translate(table))
print("hello".translate({ord("l"): "L"}))
