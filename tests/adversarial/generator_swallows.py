# expect: limit time
# A generator that swallows exceptions thrown into it; the stop strikes the consumer.
def g():
    while True:
        try:
            yield 1
        except BaseException:
            pass
for x in g():
    pass
