from decimal import Decimal, ROUND_HALF_UP

prices = [Decimal("19.99"), Decimal("5.01"), Decimal("0.10")]
total = sum(prices)
print(total, total * 3)
print(Decimal("2.675").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
print(Decimal("1.1") + Decimal("2.2") == Decimal("3.3"))
print(Decimal(10) / Decimal(4))
