# random: MicroPython's C generator (seeded from the sandbox's entropy, or by the host in
# deterministic mode) behind CPython's API: Random instances, sample, choices, shuffle,
# gauss and the other distributions. Sequences differ from CPython's for the same seed.

import urandom as _r
import math as _math


class Random:
    def __init__(self, x=None):
        self._state = None
        self.seed(x)

    def seed(self, a=None, version=2):
        if a is None:
            self._state = _r.getrandbits(32) | _r.getrandbits(32) << 32 or 1
            return
        if isinstance(a, (str, bytes, bytearray)):
            h = 0
            for c in a.encode() if isinstance(a, str) else a:
                h = (h * 1000003 + c) & 0xFFFFFFFFFFFFFFFF
            a = h
        self._state = (hash(a) & 0xFFFFFFFFFFFFFFFF) or 0x9E3779B97F4A7C15

    def getstate(self):
        return self._state

    def setstate(self, state):
        self._state = state

    def _next64(self):
        # xorshift64*
        x = self._state
        x ^= x >> 12
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 27
        self._state = x
        return (x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def getrandbits(self, k):
        out = 0
        bits = 0
        while bits < k:
            out = out << 64 | self._next64()
            bits += 64
        return out >> (bits - k)

    def random(self):
        return (self._next64() >> 11) / 9007199254740992.0

    def _below(self, n):
        if n <= 0:
            raise ValueError("empty range")
        k = len(bin(n)) - 2
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            start, stop = 0, start
        width = stop - start
        if step == 1:
            if width <= 0:
                raise ValueError("empty range for randrange() (%d, %d, %d)" % (start, stop, width))
            return start + self._below(width)
        n = (width + step - 1) // step if step > 0 else (width + step + 1) // step
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return start + step * self._below(n)

    def randint(self, a, b):
        return self.randrange(a, b + 1)

    def choice(self, seq):
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._below(len(seq))]

    def shuffle(self, x):
        for i in range(len(x) - 1, 0, -1):
            j = self._below(i + 1)
            x[i], x[j] = x[j], x[i]

    def sample(self, population, k, *, counts=None):
        pool = list(population)
        if counts is not None:
            pool = [x for x, c in zip(pool, counts) for _ in range(c)]
        n = len(pool)
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result = []
        for i in range(k):
            j = self._below(n - i)
            result.append(pool[j])
            pool[j] = pool[n - i - 1]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        n = len(population)
        if cum_weights is None:
            if weights is None:
                return [population[self._below(n)] for _ in range(k)]
            cum_weights = []
            total = 0
            for w in weights:
                total += w
                cum_weights.append(total)
        total = cum_weights[-1]
        out = []
        for _ in range(k):
            r = self.random() * total
            lo, hi = 0, n - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if r < cum_weights[mid]:
                    hi = mid
                else:
                    lo = mid + 1
            out.append(population[lo])
        return out

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        u = self.random()
        c = 0.5 if mode is None else (mode - low) / (high - low)
        if u > c:
            u, c, low, high = 1.0 - u, 1.0 - c, high, low
        return low + (high - low) * _math.sqrt(u * c)

    def gauss(self, mu=0.0, sigma=1.0):
        u1 = 1.0 - self.random()
        u2 = self.random()
        return mu + sigma * _math.sqrt(-2.0 * _math.log(u1)) * _math.cos(2 * _math.pi * u2)

    normalvariate = gauss

    def expovariate(self, lambd=1.0):
        return -_math.log(1.0 - self.random()) / lambd

    def lognormvariate(self, mu, sigma):
        return _math.exp(self.gauss(mu, sigma))

    def betavariate(self, alpha, beta):
        y = self.gammavariate(alpha, 1.0)
        return 0.0 if y == 0 else y / (y + self.gammavariate(beta, 1.0))

    def gammavariate(self, alpha, beta=1.0):
        if alpha < 1:
            return self.gammavariate(alpha + 1, beta) * self.random() ** (1.0 / alpha)
        d = alpha - 1.0 / 3
        c = 1.0 / _math.sqrt(9 * d)
        while True:
            x = self.gauss()
            v = (1 + c * x) ** 3
            if v > 0 and _math.log(1.0 - self.random()) < 0.5 * x * x + d - d * v + d * _math.log(v):
                return d * v * beta

    def paretovariate(self, alpha):
        return (1.0 - self.random()) ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        return alpha * (-_math.log(1.0 - self.random())) ** (1.0 / beta)

    def randbytes(self, n):
        return bytes(self.getrandbits(8) for _ in range(n))


class SystemRandom(Random):
    pass


_inst = Random()


def seed(a=None, version=2):
    # None: fresh entropy, as CPython takes from the OS (a restored snapshot relies on it).
    if a is None or isinstance(a, int):
        _r.seed(a)
    _inst.seed(a)


random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
randrange = _inst.randrange
choice = _inst.choice
choices = _inst.choices
shuffle = _inst.shuffle
sample = _inst.sample
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes
gauss = _inst.gauss
normalvariate = _inst.normalvariate
expovariate = _inst.expovariate
lognormvariate = _inst.lognormvariate
betavariate = _inst.betavariate
gammavariate = _inst.gammavariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
getstate = _inst.getstate
setstate = _inst.setstate
