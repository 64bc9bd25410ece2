# uuid: UUID objects, uuid4 (random, from the sandbox's entropy), uuid3/uuid5 (name-based).

import os as _os
import hashlib as _hashlib

RESERVED_NCS, RFC_4122, RESERVED_MICROSOFT, RESERVED_FUTURE = (
    "reserved for NCS compatibility", "specified in RFC 4122",
    "reserved for Microsoft compatibility", "reserved for future definition")


class UUID:
    def __init__(self, hex=None, bytes=None, bytes_le=None, fields=None, int=None, version=None):
        if hex is not None:
            h = hex.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
            if len(h) != 32:
                raise ValueError("badly formed hexadecimal UUID string")
            value = _int(h, 16)
        elif bytes is not None:
            if len(bytes) != 16:
                raise ValueError("bytes is not a 16-char string")
            value = _int.from_bytes(bytes, "big")
        elif int is not None:
            value = int
        else:
            raise TypeError("one of the hex, bytes, bytes_le, fields, or int arguments must be given")
        if not 0 <= value < 1 << 128:
            raise ValueError("int is out of range (need a 128-bit value)")
        if version is not None:
            value &= ~(0xC000 << 48)
            value |= 0x8000 << 48
            value &= ~(0xF000 << 64)
            value |= version << 76
        self.int = value

    @property
    def bytes(self):
        return self.int.to_bytes(16, "big")

    @property
    def hex(self):
        return "%032x" % self.int

    @property
    def urn(self):
        return "urn:uuid:" + str(self)

    @property
    def version(self):
        if self.variant == RFC_4122:
            return (self.int >> 76) & 0xF
        return None

    @property
    def variant(self):
        if not self.int & (0x8000 << 48):
            return RESERVED_NCS
        if not self.int & (0x4000 << 48):
            return RFC_4122
        if not self.int & (0x2000 << 48):
            return RESERVED_MICROSOFT
        return RESERVED_FUTURE

    @property
    def fields(self):
        i = self.int
        return (i >> 96, (i >> 80) & 0xFFFF, (i >> 64) & 0xFFFF, (i >> 56) & 0xFF, (i >> 48) & 0xFF,
                i & 0xFFFFFFFFFFFF)

    time_low = property(lambda self: self.fields[0])
    time_mid = property(lambda self: self.fields[1])
    time_hi_version = property(lambda self: self.fields[2])
    node = property(lambda self: self.fields[5])

    def __str__(self):
        h = self.hex
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def __repr__(self):
        return "UUID('%s')" % self

    def __eq__(self, other):
        return isinstance(other, UUID) and self.int == other.int

    def __lt__(self, other):
        return self.int < other.int

    def __hash__(self):
        return hash(self.int)

    def __int__(self):
        return self.int


_int = int


def _random_bytes(n):
    try:
        return _os.urandom(n)
    except (AttributeError, OSError):
        import random

        return bytes(random.getrandbits(8) for _ in range(n))


def uuid4():
    return UUID(bytes=_random_bytes(16), version=4)


def uuid3(namespace, name):
    if isinstance(name, str):
        name = name.encode("utf-8")
    return UUID(bytes=_hashlib.md5(namespace.bytes + name).digest()[:16], version=3)


def uuid5(namespace, name):
    if isinstance(name, str):
        name = name.encode("utf-8")
    return UUID(bytes=_hashlib.sha1(namespace.bytes + name).digest()[:16], version=5)


def uuid1(node=None, clock_seq=None):
    import time

    ns = int(time.time() * 1e9) // 100 + 0x01B21DD213814000
    clock_seq = clock_seq if clock_seq is not None else _int.from_bytes(_random_bytes(2), "big") & 0x3FFF
    node = node if node is not None else _int.from_bytes(_random_bytes(6), "big") | 0x010000000000
    value = ((ns & 0xFFFFFFFF) << 96 | ((ns >> 32) & 0xFFFF) << 80 | ((ns >> 48) & 0x0FFF) << 64
             | clock_seq << 48 | node)
    return UUID(int=value, version=1)


NAMESPACE_DNS = UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_URL = UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_OID = UUID("6ba7b812-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_X500 = UUID("6ba7b814-9dad-11d1-80b4-00c04fd430c8")
