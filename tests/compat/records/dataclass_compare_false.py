from dataclasses import dataclass, field


@dataclass
class Item:
    name: str
    price: float
    note: str = field(default="", compare=False, repr=False)


print(Item("a", 1.0, "x") == Item("a", 1.0, "y"))
print(Item("a", 1.0, "hidden"))
