from abc import ABC, abstractmethod


class Plugin(ABC):
    @abstractmethod
    def run(self) -> str: ...

    @property
    @abstractmethod
    def name(self) -> str: ...


class Hello(Plugin):
    @property
    def name(self):
        return "hello"

    def run(self):
        return f"{self.name} ran"


class Broken(Plugin):
    def run(self):
        return "x"


print(Hello().run())
try:
    Broken()
except TypeError:
    print("Broken is abstract")
