from dataclasses import dataclass, FrozenInstanceError


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str = "EUR"


m = Money(5)
print(m, hash(m) == hash(Money(5)))
try:
    m.amount = 10
except FrozenInstanceError:
    print("frozen")
print({Money(1), Money(1), Money(2)} == {Money(1), Money(2)})
