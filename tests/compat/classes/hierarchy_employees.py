class Employee:
    def __init__(self, name, salary):
        self.name, self.salary = name, salary

    def pay(self):
        return self.salary

    def __str__(self):
        return f"{self.name}: {self.pay():,.2f}"


class Manager(Employee):
    def __init__(self, name, salary, reports=()):
        super().__init__(name, salary)
        self.reports = list(reports)

    def pay(self):
        return super().pay() * 1.1 + 500 * len(self.reports)


class Contractor(Employee):
    def __init__(self, name, hourly, hours):
        super().__init__(name, 0)
        self.hourly, self.hours = hourly, hours

    def pay(self):
        return self.hourly * self.hours


team = [Employee("ann", 5000), Contractor("bob", 60, 80.5)]
boss = Manager("cid", 8000, team)
for e in [*team, boss]:
    print(e)
print(f"total {sum(e.pay() for e in [*team, boss]):.2f}")
