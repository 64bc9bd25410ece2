from typing import Protocol


class Greeter(Protocol):
    def greet(self, name: str) -> str: ...


class English:
    def greet(self, name: str) -> str:
        return f"Hello, {name}"


class French:
    def greet(self, name: str) -> str:
        return f"Bonjour, {name}"


def welcome(g: Greeter, name: str) -> str:
    return g.greet(name)


print([welcome(g, "Ann") for g in (English(), French())])
