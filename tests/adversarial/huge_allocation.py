# expect: limit memory
# An allocation larger than wasm32 can address is the memory limit, like any other
# allocation past the cap (not a plain exception, and never a wrapped-around size).
x = [None] * 10**9
