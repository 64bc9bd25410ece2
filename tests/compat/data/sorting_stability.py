people = [("ann", 30), ("bob", 25), ("cid", 30), ("dee", 25), ("eve", 35)]
by_age = sorted(people, key=lambda p: p[1])
print(by_age)
people.sort(key=lambda p: p[0], reverse=True)
print(people)
