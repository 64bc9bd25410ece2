# expect: limit time
# A loop that never ends: the soft stop unwinds it, the session survives.
while True:
    pass
