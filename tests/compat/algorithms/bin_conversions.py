for n in (0, 5, 255, 1024, -7):
    print(n, bin(n), oct(n), hex(n), format(n, "08b") if n >= 0 else "")
print(int("ff", 16), int("0b1011", 0), int("777", 8))
