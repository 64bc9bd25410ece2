# expect: limit memory
# A repeat whose byte size wraps around 32 bits must fail, not allocate the remainder.
x = "abcd" * (2**30)
