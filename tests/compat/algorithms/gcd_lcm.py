import math


def lcm(a, b):
    return a * b // math.gcd(a, b)


print(math.gcd(48, 18), lcm(4, 6), lcm(21, 6))
print(math.lcm(4, 6, 10), math.gcd(12, 18, 24))
