# expect: lost stack
# Hashing deeply nested tuples recurses in C without MicroPython's depth check.
t = ()
for i in range(200000):
    t = (t,)
hash(t)
