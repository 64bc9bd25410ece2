def retry(fn, attempts=3, exceptions=(Exception,)):
    last = None
    for i in range(1, attempts + 1):
        try:
            return fn(i)
        except exceptions as e:
            last = e
            print(f"attempt {i} failed: {e}")
    raise RuntimeError(f"gave up after {attempts} attempts") from last


def flaky(attempt):
    if attempt < 3:
        raise ConnectionError("timeout")
    return "ok"


print(retry(flaky))
try:
    retry(lambda i: 1 / 0, attempts=2, exceptions=(ZeroDivisionError,))
except RuntimeError as e:
    print(e)
