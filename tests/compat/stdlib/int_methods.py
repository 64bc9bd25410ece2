n = 1000
print(n.bit_length(), n.to_bytes(2, "big"), int.from_bytes(b"\x03\xe8", "big"))
print((-5).__abs__(), (10).__floordiv__(3), int("1_000_000"), 1_000_000)
print((255).to_bytes(2, "little"), int.from_bytes(b"\x01\x00", "little"))
print((7).bit_count(), (2 ** 64).bit_length(), int.from_bytes(b"\xff", "big", signed=True))
