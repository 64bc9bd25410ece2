# expect: ok
# Allocation past the cap is a MemoryError that code can catch and go on.
caught = 0
for i in range(3):
    try:
        b = bytearray(10**9)
    except MemoryError:
        caught += 1
assert caught == 3
print("caught", caught)
