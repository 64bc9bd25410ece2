# statistics: averages and spread of numeric data.

import math
from fractions import Fraction


class StatisticsError(ValueError):
    pass


def _exact_sum(data):
    # sum as an exact fraction, so that results round like CPython's
    total = Fraction(0)
    kinds = set()
    for x in data:
        kinds.add(type(x))
        total += Fraction(x)
    return total, kinds


def _convert(value, kinds):
    if kinds <= {int, bool}:
        return value.numerator if value.denominator == 1 else float(value)
    if Fraction in kinds and float not in kinds:
        return value
    return float(value)


def mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("mean requires at least one data point")
    total, kinds = _exact_sum(data)
    return _convert(total / len(data), kinds)


def fmean(data, weights=None):
    data = list(data)
    if not data:
        raise StatisticsError("fmean requires at least one data point")
    if weights is None:
        return math.fsum(data) / len(data) if hasattr(math, "fsum") else sum(data) / len(data)
    weights = list(weights)
    return sum(x * w for x, w in zip(data, weights)) / sum(weights)


def geometric_mean(data):
    data = list(data)
    return math.exp(sum(math.log(x) for x in data) / len(data))


def harmonic_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("harmonic_mean requires at least one data point")
    if any(x == 0 for x in data):
        return 0
    total, kinds = _exact_sum(Fraction(1) / Fraction(x) for x in data)
    return _convert(Fraction(len(data)) / total, {type(x) for x in data})


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(data)
    if not data:
        raise StatisticsError("no median for empty data")
    n = len(data)
    return data[n // 2] if n % 2 else data[n // 2 - 1]


def median_high(data):
    data = sorted(data)
    if not data:
        raise StatisticsError("no median for empty data")
    return data[len(data) // 2]


def median_grouped(data, interval=1):
    data = sorted(data)
    n = len(data)
    if not n:
        raise StatisticsError("no median for empty data")
    x = data[n // 2]
    L = x - interval / 2
    cf = data.index(x)
    f = data.count(x)
    return L + interval * (n / 2 - cf) / f


def mode(data):
    data = list(data)
    if not data:
        raise StatisticsError("no mode for empty data")
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    best = max(counts.values())
    for x in data:
        if counts[x] == best:
            return x


def multimode(data):
    counts = {}
    order = []
    for x in data:
        if x not in counts:
            order.append(x)
        counts[x] = counts.get(x, 0) + 1
    if not counts:
        return []
    best = max(counts.values())
    return [x for x in order if counts[x] == best]


def _ss(data, c=None):
    total, kinds = _exact_sum(data)
    m = total / len(data) if c is None else Fraction(c)
    ss = Fraction(0)
    for x in data:
        ss += (Fraction(x) - m) ** 2
    return ss, kinds


def variance(data, xbar=None):
    data = list(data)
    if len(data) < 2:
        raise StatisticsError("variance requires at least two data points")
    ss, kinds = _ss(data, xbar)
    return _convert(ss / (len(data) - 1), kinds)


def pvariance(data, mu=None):
    data = list(data)
    if not data:
        raise StatisticsError("pvariance requires at least one data point")
    ss, kinds = _ss(data, mu)
    return _convert(ss / len(data), kinds)


def _sqrt(value, kinds):
    if isinstance(value, Fraction) and Fraction in kinds and float not in kinds:
        return Fraction(math.sqrt(value))
    v = float(value)
    r = math.sqrt(v)
    # correct the last bit, as CPython does with exact arithmetic
    if isinstance(value, (Fraction, int)):
        exact = Fraction(value)
        for cand in (r, math.nextafter(r, 0) if hasattr(math, "nextafter") else r,
                     math.nextafter(r, math.inf) if hasattr(math, "nextafter") else r):
            if abs(Fraction(cand) ** 2 - exact) < abs(Fraction(r) ** 2 - exact):
                r = cand
    return r


def stdev(data, xbar=None):
    data = list(data)
    if len(data) < 2:
        raise StatisticsError("stdev requires at least two data points")
    ss, kinds = _ss(data, xbar)
    return _sqrt(ss / (len(data) - 1), kinds)


def pstdev(data, mu=None):
    data = list(data)
    if not data:
        raise StatisticsError("pstdev requires at least one data point")
    ss, kinds = _ss(data, mu)
    return _sqrt(ss / len(data), kinds)


def quantiles(data, *, n=4, method="exclusive"):
    data = sorted(data)
    ld = len(data)
    if n < 1:
        raise StatisticsError("n must be at least 1")
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    result = []
    if method == "inclusive":
        m = ld - 1
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            result.append((data[j] * (n - delta) + data[j + 1] * delta) / n)
        return result
    m = ld + 1
    for i in range(1, n):
        j = i * m // n
        j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
        delta = i * m - j * n
        result.append((data[j - 1] * (n - delta) + data[j] * delta) / n)
    return result


def covariance(x, y):
    n = len(x)
    if len(y) != n or n < 2:
        raise StatisticsError("covariance requires at least two data points of equal length")
    xbar, ybar = fmean(x), fmean(y)
    return sum((a - xbar) * (b - ybar) for a, b in zip(x, y)) / (n - 1)


def correlation(x, y):
    n = len(x)
    if len(y) != n or n < 2:
        raise StatisticsError("correlation requires at least two data points of equal length")
    xbar, ybar = fmean(x), fmean(y)
    sxy = sum((a - xbar) * (b - ybar) for a, b in zip(x, y))
    sxx = sum((a - xbar) ** 2 for a in x)
    syy = sum((b - ybar) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def linear_regression(x, y, *, proportional=False):
    xbar, ybar = fmean(x), fmean(y)
    sxy = sum((a - xbar) * (b - ybar) for a, b in zip(x, y))
    sxx = sum((a - xbar) ** 2 for a in x)
    slope = sxy / sxx
    return _LinearRegression(slope, ybar - slope * xbar)


from ucollections import namedtuple as _namedtuple

_LinearRegression = _namedtuple("LinearRegression", ("slope", "intercept"))
