from enum import Enum, auto


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Status(Enum):
    PENDING = auto()
    DONE = auto()


print(Color.RED, Color.RED.name, Color.RED.value, repr(Color.GREEN))
print(Color(3), Color["GREEN"], list(Color))
print(Status.DONE.value, Color.RED == Color.RED, Color.RED is Color(1))
