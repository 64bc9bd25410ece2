import json
from dataclasses import dataclass, asdict
from typing import List, Optional


@dataclass
class Address:
    street: str
    city: str


@dataclass
class Person:
    name: str
    address: Address
    phones: List[str]
    nickname: Optional[str] = None


p = Person("Ann", Address("1 Main St", "Springfield"), ["555-1234"])
data = json.dumps(asdict(p), sort_keys=True)
print(data)
back = json.loads(data)
p2 = Person(back["name"], Address(**back["address"]), back["phones"], back["nickname"])
print(p2 == p)
