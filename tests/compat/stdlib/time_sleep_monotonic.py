import time

t0 = time.monotonic()
time.sleep(0.01)
elapsed = time.monotonic() - t0
print(elapsed >= 0.009, isinstance(time.time(), float))
print(time.strftime("%Y", time.gmtime(0)))
