def count_bits(n):
    return bin(n).count("1")


def is_power_of_two(n):
    return n > 0 and n & (n - 1) == 0


print([count_bits(i) for i in range(16)])
print([n for n in range(70) if is_power_of_two(n)])
print((37).bit_length(), (255).bit_count())
