from dataclasses import dataclass, field, is_dataclass
from typing import ClassVar, Dict


@dataclass
class Counter:
    name: str
    counts: Dict[str, int] = field(default_factory=dict)
    instances: ClassVar[int] = 0

    def hit(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1


c = Counter("x")
c.hit("a"); c.hit("a"); c.hit("b")
print(c, is_dataclass(c), Counter.instances)
