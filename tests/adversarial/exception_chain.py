# expect: limit time
# One exception re-raised many times: its traceback grows with each raise.
e = ValueError("again")
for i in range(10**6):
    try:
        raise e
    except ValueError:
        pass
raise e
