# expect: limit time
# Loops in a finally clause: the stop raised there propagates.
try:
    while True:
        pass
finally:
    n = 0
    while True:
        n += 1
