# expect: lost time
# Catches every exception, KeyboardInterrupt included, and carries on: the hard stop.
# Every loop sits inside a try, so the interrupt cannot land where nothing catches it.
def swallow():
    try:
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass
    except BaseException:
        swallow()


swallow()
