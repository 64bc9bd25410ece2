from functools import reduce


def strip(s):
    return s.strip()


def lower(s):
    return s.lower()


def collapse(s):
    return " ".join(s.split())


def pipeline(*steps):
    return lambda x: reduce(lambda acc, f: f(acc), steps, x)


clean = pipeline(strip, lower, collapse)
print(repr(clean("   Hello    WORLD  from   Python  ")))
