from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float

    def distance_to(self, other: "Point") -> float:
        return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5


p, q = Point(0, 0), Point(3, 4)
print(p, q)
print(p.distance_to(q), p == Point(0, 0), p == q)
