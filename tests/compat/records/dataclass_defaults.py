from dataclasses import dataclass, field
from typing import List


@dataclass
class Order:
    id: int
    customer: str
    items: List[str] = field(default_factory=list)
    discount: float = 0.0

    def add(self, item: str) -> None:
        self.items.append(item)


o = Order(1, "ann")
o.add("book")
o.add("pen")
print(o)
print(Order(2, "bob", discount=0.1))
