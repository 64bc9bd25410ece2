from typing import TYPE_CHECKING, cast, Callable, Iterable

if TYPE_CHECKING:
    from collections.abc import Sequence  # noqa


def apply(fn: Callable[[int], int], xs: Iterable[int]) -> list:
    return [fn(x) for x in xs]


n = cast(int, "not really an int")
print(n, apply(lambda x: x + 1, [1, 2, 3]), TYPE_CHECKING)
