# expect: limit time
# Pure garbage, forever: collections keep the heap small, and the timeout stops it.
while True:
    s = "x" * 100000
