def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    return inc


c = make_counter(10)
print(c(), c(), c(5))
adders = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders])
