import struct

packed = struct.pack("<IHf", 1024, 7, 1.5)
print(packed.hex(), len(packed))
print(struct.unpack("<IHf", packed))
print(struct.calcsize(">iq"))
