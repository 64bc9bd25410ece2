import math

print(math.sqrt(16), math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7))
print(round(math.log(100, 10), 10), math.log2(1024), math.log10(0.001))
print(math.isclose(0.1 + 0.2, 0.3), math.isqrt(99), math.prod([1, 2, 3, 4]))
print(math.hypot(3, 4), math.degrees(math.pi), round(math.sin(math.pi / 6), 10))
print(math.inf > 1e308, math.isnan(float("nan")), math.fsum([0.1] * 10), math.dist((0, 0), (3, 4)))
