# expect: ok
# A heap lock is per-call state: the next call (the runner's 'alive' check, which must
# allocate) starts with the heap unlocked.
import micropython
micropython.heap_lock()
