from collections.abc import Iterable, Mapping, Sequence

for x in ([1], (1,), "s", {"a": 1}, 5, {1}):
    print(type(x).__name__, isinstance(x, Iterable), isinstance(x, Mapping), isinstance(x, Sequence))
