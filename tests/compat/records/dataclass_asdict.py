from dataclasses import dataclass, asdict, astuple, fields, replace
import json


@dataclass
class User:
    name: str
    email: str
    admin: bool = False


u = User("ann", "ann@example.com")
print(asdict(u))
print(astuple(u))
print(json.dumps(asdict(u)))
print([f.name for f in fields(u)])
print(replace(u, admin=True))
