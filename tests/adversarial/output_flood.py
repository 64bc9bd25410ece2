# expect: limit time
# The line is built once: a new string per print would be garbage that, within one exec,
# fills the memory cap first (the heap is collected between execs only).
line = "x" * 1000
while True:
    print(line)
