# expect: ok
# A memoryview kept across a bytearray resize must never write into memory that another
# object now owns (the old buffer is left to the collector, not freed).
import gc
b = bytearray(b"x" * 64)
views = [memoryview(b), memoryview(b)[8:]]
for round in range(200):
    b.extend(b"y" * 256)
    other = [bytes(64) for _ in range(8)]
    for v in views:
        v[0] = 0x41
        v[len(v) - 1] = 0x42
    gc.collect()
    for o in other:
        assert o == bytes(64), "a view wrote into another object"
    views.append(memoryview(b))
print(len(b))
