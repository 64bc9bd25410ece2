results = []


def step(x):
    results.append(x * x)
    return sum(results)


for i in range(1, 6):
    total = step(i)
print(results, total)
print(f"{len(results)} steps, mean {total / len(results)}")
