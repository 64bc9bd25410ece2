# expect: limit time
# A loop whose body is one slow C call: the guest polls the host on elapsed time, not only
# every N backward jumps, so the soft stop arrives before the hard one.
b = bytes(8 * 2**20)
while True:
    b.count(b"x")
