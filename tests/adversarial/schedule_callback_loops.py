# expect: limit time
# A micropython.schedule() callback that never ends runs with the scheduler locked; the
# soft stop must still interrupt it (and the code that follows).
import micropython
def spin(_):
    while True:
        pass
micropython.schedule(spin, None)
while True:
    pass
