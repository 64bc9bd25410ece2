import functools

calls = 0


@functools.cache
def expensive(n):
    global calls
    calls += 1
    return sum(i * i for i in range(n))


print(expensive(100), expensive(100), expensive(10), calls)
print(expensive.cache_info().hits if hasattr(expensive, "cache_info") else "no info")
