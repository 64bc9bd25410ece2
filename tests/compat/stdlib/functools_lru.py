from functools import lru_cache


@lru_cache(maxsize=2)
def square(n):
    print("computing", n)
    return n * n


square(2); square(2); square(3); square(4); square(2)
info = square.cache_info()
print(info.hits, info.misses, info.maxsize, info.currsize)
square.cache_clear()
print(square.cache_info().currsize)
