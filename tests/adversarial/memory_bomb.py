# expect: limit memory
b = bytearray(10**9)
