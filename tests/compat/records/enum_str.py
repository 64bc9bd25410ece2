from enum import Enum


class Level(str, Enum):
    LOW = "low"
    HIGH = "high"


print(Level.LOW == "low", Level("high").name, [l.value for l in Level])
print(Level.HIGH.value.upper())
