from operator import itemgetter

people = [{"n": "b", "a": 30}, {"n": "a", "a": 30}, {"n": "c", "a": 20}]
print([p["n"] for p in sorted(people, key=itemgetter("a", "n"))])
print(sorted(["10", "9", "100"], key=int), sorted(["b", "a"], reverse=True))
