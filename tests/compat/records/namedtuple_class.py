from typing import NamedTuple


class Employee(NamedTuple):
    name: str
    dept: str
    salary: int = 50000


staff = [Employee("ann", "eng", 120000), Employee("bob", "ops")]
for e in staff:
    print(e.name, e.dept, e.salary)
print(staff[1])
print(staff[0]._asdict())
name, *_ = staff[0]
print(name)
