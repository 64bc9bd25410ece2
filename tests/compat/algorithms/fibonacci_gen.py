def fib_gen():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


gen = fib_gen()
print([next(gen) for _ in range(12)])
