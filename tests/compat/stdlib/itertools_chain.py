from itertools import chain, zip_longest, starmap, compress

print(list(chain([1, 2], (3,), "ab")))
print(list(chain.from_iterable([[1], [2, 3], []])))
print(list(zip_longest("abc", [1], fillvalue="-")))
print(list(starmap(pow, [(2, 3), (3, 2)])))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
