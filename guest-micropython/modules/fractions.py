# fractions: Fraction, exact rational numbers.

import math


class Fraction:
    __slots__ = ("_numerator", "_denominator")

    def __init__(self, numerator=0, denominator=None):
        if denominator is None:
            if isinstance(numerator, int):
                n, d = numerator, 1
            elif isinstance(numerator, Fraction):
                n, d = numerator._numerator, numerator._denominator
            elif isinstance(numerator, float):
                n, d = numerator.as_integer_ratio() if hasattr(numerator, "as_integer_ratio") else _float_ratio(numerator)
            elif isinstance(numerator, str):
                n, d = _parse(numerator)
            else:
                raise TypeError("argument should be a string or a Rational instance")
        else:
            if isinstance(numerator, Fraction) or isinstance(denominator, Fraction):
                a, b = Fraction(numerator), Fraction(denominator)
                n, d = a._numerator * b._denominator, a._denominator * b._numerator
            else:
                n, d = numerator, denominator
            if not isinstance(n, int) or not isinstance(d, int):
                raise TypeError("both arguments should be Rational instances")
        if d == 0:
            raise ZeroDivisionError("Fraction(%s, 0)" % n)
        g = _gcd(n, d)
        if d < 0:
            g = -g
        self._numerator = n // g
        self._denominator = d // g

    @classmethod
    def _new(cls, n, d):
        f = object.__new__(cls)
        f._numerator = n
        f._denominator = d
        return f

    numerator = property(lambda self: self._numerator)
    denominator = property(lambda self: self._denominator)

    @classmethod
    def from_float(cls, f):
        return cls(f)

    @classmethod
    def from_decimal(cls, dec):
        return cls(str(dec))

    def as_integer_ratio(self):
        return self._numerator, self._denominator

    def limit_denominator(self, max_denominator=1000000):
        if self._denominator <= max_denominator:
            return Fraction(self)
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._numerator, self._denominator
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        bound1 = Fraction(p0 + k * p1, q0 + k * q1)
        bound2 = Fraction(p1, q1)
        if abs(bound2 - self) <= abs(bound1 - self):
            return bound2
        return bound1

    def __repr__(self):
        return "Fraction(%d, %d)" % (self._numerator, self._denominator)

    def __str__(self):
        if self._denominator == 1:
            return str(self._numerator)
        return "%d/%d" % (self._numerator, self._denominator)

    def _op(self, other, fn):
        if isinstance(other, Fraction):
            return fn(self._numerator, self._denominator, other._numerator, other._denominator)
        if isinstance(other, int):
            return fn(self._numerator, self._denominator, other, 1)
        if isinstance(other, float):
            return None
        return NotImplemented

    def __add__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(a * d + b * c, b * d))
        return float(self) + other if r is None else r

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(a * d - b * c, b * d))
        return float(self) - other if r is None else r

    def __rsub__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(c * b - d * a, b * d))
        return other - float(self) if r is None else r

    def __mul__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(a * c, b * d))
        return float(self) * other if r is None else r

    def __rmul__(self, other):
        return self.__mul__(other)

    def __truediv__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(a * d, b * c))
        return float(self) / other if r is None else r

    def __rtruediv__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction(c * b, d * a))
        return other / float(self) if r is None else r

    def __floordiv__(self, other):
        r = self._op(other, lambda a, b, c, d: (a * d) // (b * c))
        return float(self) // other if r is None else r

    def __mod__(self, other):
        r = self._op(other, lambda a, b, c, d: Fraction((a * d) % (b * c), b * d))
        return float(self) % other if r is None else r

    def __pow__(self, power):
        if isinstance(power, int):
            if power >= 0:
                return Fraction._new(self._numerator ** power, self._denominator ** power)
            return Fraction(self._denominator ** -power, self._numerator ** -power)
        return float(self) ** float(power)

    def __rpow__(self, base):
        return base ** float(self)

    def __neg__(self):
        return Fraction._new(-self._numerator, self._denominator)

    def __pos__(self):
        return self

    def __abs__(self):
        return Fraction._new(abs(self._numerator), self._denominator)

    def __int__(self):
        n, d = self._numerator, self._denominator
        return -(-n // d) if n < 0 else n // d

    __trunc__ = __int__

    def __floor__(self):
        return self._numerator // self._denominator

    def __ceil__(self):
        return -(-self._numerator // self._denominator)

    def __round__(self, ndigits=None):
        if ndigits is None:
            floor, rem = divmod(self._numerator, self._denominator)
            if rem * 2 < self._denominator:
                return floor
            if rem * 2 > self._denominator:
                return floor + 1
            return floor if floor % 2 == 0 else floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction(round(self * shift), shift)
        return Fraction(round(self / shift) * shift)

    def __float__(self):
        return self._numerator / self._denominator

    def __bool__(self):
        return self._numerator != 0

    def _cmp(self, other, fn):
        if isinstance(other, Fraction):
            return fn(self._numerator * other._denominator, other._numerator * self._denominator)
        if isinstance(other, int):
            return fn(self._numerator, other * self._denominator)
        if isinstance(other, float):
            return fn(float(self), other)
        return NotImplemented

    def __eq__(self, other):
        return self._cmp(other, lambda a, b: a == b)

    def __lt__(self, other):
        return self._cmp(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._cmp(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._cmp(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._cmp(other, lambda a, b: a >= b)

    def __hash__(self):
        if self._denominator == 1:
            return hash(self._numerator)
        return hash((self._numerator, self._denominator))


def _gcd(a, b):
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


def _float_ratio(x):
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("cannot convert %r to Fraction" % x)
    m, e = math.frexp(x)
    for _ in range(300):
        if m == int(m):
            break
        m *= 2
        e -= 1
    n = int(m)
    return (n * 2 ** e, 1) if e >= 0 else (n, 2 ** -e)


def _parse(s):
    t = s.strip()
    if "/" in t:
        a, b = t.split("/")
        return int(a), int(b)
    sign = 1
    if t[:1] in "+-":
        sign = -1 if t[0] == "-" else 1
        t = t[1:]
    exp = 0
    if "e" in t or "E" in t:
        t, e = t.lower().split("e")
        exp = int(e)
    if "." in t:
        whole, frac = t.split(".")
        n, d = int(whole + frac or "0"), 10 ** len(frac)
    else:
        if not t.isdigit():
            raise ValueError("Invalid literal for Fraction: %r" % s)
        n, d = int(t), 1
    if exp > 0:
        n *= 10 ** exp
    elif exp < 0:
        d *= 10 ** -exp
    return sign * n, d
