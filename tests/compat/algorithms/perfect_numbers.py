def divisors(n):
    small = [d for d in range(1, int(n ** 0.5) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


print([n for n in range(2, 10000) if sum(divisors(n)) - n == n])
print(divisors(36))
