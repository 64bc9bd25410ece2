def digital_root(n: int) -> int:
    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n


print([digital_root(n) for n in (16, 942, 132189, 493193)])
print(sum(map(int, str(2 ** 100))))
