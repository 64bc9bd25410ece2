# expect: lost time
# Catches every exception, KeyboardInterrupt included, and carries on: the hard stop.
while True:
    try:
        while True:
            pass
    except BaseException:
        pass
