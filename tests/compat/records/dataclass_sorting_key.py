from dataclasses import dataclass
from operator import attrgetter


@dataclass
class Task:
    title: str
    priority: int
    done: bool = False


tasks = [Task("write", 2), Task("test", 1, True), Task("ship", 3)]
for t in sorted(tasks, key=attrgetter("priority"), reverse=True):
    print(t)
print([t.title for t in tasks if not t.done])
