# expect: limit time
# An endless generator consumed by C code (sum): the stop comes from inside it.
def g():
    while True:
        yield 1
sum(g())
