class Vector:
    def __init__(self, *components):
        self.c = tuple(components)

    def __len__(self):
        return len(self.c)

    def __getitem__(self, i):
        return self.c[i]

    def __iter__(self):
        return iter(self.c)

    def __add__(self, other):
        return Vector(*(a + b for a, b in zip(self, other)))

    def __mul__(self, k):
        return Vector(*(a * k for a in self))

    __rmul__ = __mul__

    def __eq__(self, other):
        return isinstance(other, Vector) and self.c == other.c

    def __abs__(self):
        return sum(a * a for a in self) ** 0.5

    def __bool__(self):
        return any(self.c)

    def __repr__(self):
        return f"Vector{self.c}"


v = Vector(3, 4)
print(v + Vector(1, 1), 2 * v, v * 2, abs(v), len(v), v[0], list(v), bool(Vector(0, 0)))
