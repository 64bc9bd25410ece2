from typing import Generic, TypeVar, List, Optional

T = TypeVar("T")


class Queue(Generic[T]):
    def __init__(self) -> None:
        self._items: List[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> Optional[T]:
        return self._items.pop(0) if self._items else None


q: Queue[int] = Queue()
q.push(1)
q.push(2)
print(q.pop(), q.pop(), q.pop())
