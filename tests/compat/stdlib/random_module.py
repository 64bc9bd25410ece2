import random

random.seed(1)
xs = [random.randint(1, 100) for _ in range(1000)]
print(min(xs) >= 1, max(xs) <= 100)
sample = random.sample(range(50), 5)
print(len(sample), len(set(sample)), all(0 <= s < 50 for s in sample))
print(0 <= random.uniform(0, 1) <= 1, random.choice("x"), len(random.choices("ab", k=4)))
