# expect: ok
# struct counts past what a size can hold are refused, not read as garbage.
import struct
refused = 0
for fmt in ["1073741824s", "2147483648x", "99999999999i", "1000000000i1000000000i", "536870912q"]:
    try:
        struct.calcsize(fmt)
    except ValueError:
        refused += 1
assert refused == 5, refused
assert struct.calcsize("3i") == 12
assert struct.unpack("<2h", b"\x01\x00\x02\x00") == (1, 2)
try:
    struct.unpack_from("i", b"1234", 1 << 29)
except ValueError:
    refused += 1
assert refused == 6
