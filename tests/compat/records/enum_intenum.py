from enum import IntEnum


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


tasks = [("deploy", Priority.HIGH), ("docs", Priority.LOW), ("review", Priority.MEDIUM)]
for name, p in sorted(tasks, key=lambda t: t[1], reverse=True):
    print(name, p.name, int(p))
print(Priority.HIGH > Priority.LOW, Priority.MEDIUM + 1)
