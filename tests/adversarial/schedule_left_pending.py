# expect: ok
# Callbacks still queued by micropython.schedule() end with the call: the next one
# starts with an empty queue instead of running them.
import micropython
def boom(_):
    raise SystemExit(9)
for _ in range(4):
    micropython.schedule(boom, None)
