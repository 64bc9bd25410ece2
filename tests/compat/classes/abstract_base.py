from abc import ABC, abstractmethod


class Storage(ABC):
    @abstractmethod
    def get(self, key): ...

    @abstractmethod
    def put(self, key, value): ...

    def get_or(self, key, default):
        v = self.get(key)
        return default if v is None else v


class MemoryStorage(Storage):
    def __init__(self):
        self.d = {}

    def get(self, key):
        return self.d.get(key)

    def put(self, key, value):
        self.d[key] = value


s = MemoryStorage()
s.put("a", 1)
print(s.get("a"), s.get_or("b", 0))
try:
    Storage()
except TypeError:
    print("cannot instantiate abstract class")
