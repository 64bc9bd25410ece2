from dataclasses import dataclass


@dataclass(order=True)
class Version:
    major: int
    minor: int
    patch: int = 0

    def __str__(self):
        return f"{self.major}.{self.minor}.{self.patch}"


versions = [Version(1, 10), Version(1, 2, 5), Version(0, 9, 9), Version(1, 2)]
print([str(v) for v in sorted(versions)])
print(Version(2, 0) > Version(1, 99), max(versions))
