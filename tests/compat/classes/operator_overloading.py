from fractions import Fraction


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __sub__(self, other):
        return Money(self.cents - other.cents)

    def __lt__(self, other):
        return self.cents < other.cents

    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"


wallet = [Money(1050), Money(299), Money(5)]
print(sum(wallet, Money(0)), min(wallet), max(wallet))
print(Fraction(1, 3) + Fraction(1, 6))
