# expect: limit memory
# Pure garbage: within one exec the heap only grows (collections run between execs).
while True:
    s = "x" * 100000
