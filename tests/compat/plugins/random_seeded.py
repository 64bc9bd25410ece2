import random

rng = random.Random(42)
values = [rng.randint(1, 6) for _ in range(5)]
print(len(values), all(1 <= v <= 6 for v in values))
items = list(range(10))
random.shuffle(items)
print(sorted(items) == list(range(10)))
print(random.choice(["a"]), 0 <= random.random() < 1)
