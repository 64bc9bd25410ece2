# expect: ok
# A NUL in a path is ValueError, as in CPython (in C it would cut the path short:
# "a.txt\0.py" would open a.txt); the empty path is FileNotFoundError, not the current
# folder.
import os
attempts = [
    lambda: open("/out/a.txt\x00.py", "w"),
    lambda: open("a\x00b"),
    lambda: os.stat("/tmp/\x00"),
    lambda: os.listdir("x\x00"),
    lambda: os.mkdir("d\x00"),
    lambda: os.remove("\x00"),
]
nul = 0
for attempt in attempts:
    try:
        attempt()
    except ValueError:
        nul += 1
assert nul == len(attempts), nul
empty = 0
for attempt in [lambda: open(""), lambda: open("", "w"), lambda: os.stat(""), lambda: os.listdir("")]:
    try:
        attempt()
    except OSError as e:
        assert e.errno == 2, e
        empty += 1
assert empty == 4, empty
