# expect: limit time
# Catches the stop, then loops again in the handler: the second stop is not caught.
try:
    while True:
        pass
except KeyboardInterrupt:
    while True:
        pass
