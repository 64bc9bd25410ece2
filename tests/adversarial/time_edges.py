# expect: ok
# time refuses what CPython refuses: far timestamps, negative and NaN sleeps.
import time
outcomes = []
for f in [lambda: time.gmtime(1e30), lambda: time.localtime(-1e30), lambda: time.sleep(1e30)]:
    try:
        f()
        outcomes.append("ok")
    except OverflowError:
        outcomes.append("overflow")
for f in [lambda: time.sleep(-1), lambda: time.sleep(float("nan"))]:
    try:
        f()
        outcomes.append("ok")
    except ValueError:
        outcomes.append("value")
assert outcomes == ["overflow", "overflow", "overflow", "value", "value"], outcomes
assert time.gmtime(0)[:8] == (1970, 1, 1, 0, 0, 0, 3, 1), time.gmtime(0)
assert time.gmtime(-86400)[:3] == (1969, 12, 31)
assert time.gmtime(4102444800)[:3] == (2100, 1, 1)
time.sleep(0)
