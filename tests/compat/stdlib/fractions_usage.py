from fractions import Fraction

a = Fraction(3, 4)
b = Fraction("1/6")
print(a + b, a * b, a / b, a - 1, -b)
print(Fraction(0.5), Fraction(10, 4).numerator, float(Fraction(1, 8)))
print(sum(Fraction(1, n) for n in range(1, 5)), Fraction(7, 3) > 2)
print(Fraction(1, 3).limit_denominator(10), round(Fraction(7, 2)))
