# base64: standard, URL-safe, base32 and base16 encodings (over binascii's base64).

import binascii


def _bytes(s):
    if isinstance(s, str):
        return s.encode("ascii")
    return bytes(s)


def b64encode(s, altchars=None):
    encoded = binascii.b2a_base64(_bytes(s))[:-1]
    if altchars is not None:
        altchars = _bytes(altchars)
        encoded = encoded.replace(b"+", altchars[0:1]).replace(b"/", altchars[1:2])
    return encoded


def b64decode(s, altchars=None, validate=False):
    s = _bytes(s)
    if altchars is not None:
        altchars = _bytes(altchars)
        s = s.replace(altchars[0:1], b"+").replace(altchars[1:2], b"/")
    if validate:
        for c in s:
            if c not in _B64_CHARS:
                raise binascii.Error("Non-base64 digit found")
    try:
        return binascii.a2b_base64(s)
    except ValueError as e:
        raise binascii.Error(str(e))


_B64_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return b64encode(s, b"-_")


def urlsafe_b64decode(s):
    return b64decode(s, b"-_")


_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def b32encode(s):
    s = _bytes(s)
    out = bytearray()
    for i in range(0, len(s), 5):
        chunk = s[i:i + 5]
        n = int.from_bytes(chunk + b"\0" * (5 - len(chunk)), "big")
        chars = [_B32[(n >> (35 - 5 * k)) & 31] for k in range(8)]
        used = (len(chunk) * 8 + 4) // 5
        out.extend(bytes(chars[:used]) + b"=" * (8 - used))
    return bytes(out)


def b32decode(s, casefold=False):
    s = _bytes(s)
    if casefold:
        s = s.upper()
    if len(s) % 8:
        raise binascii.Error("Incorrect padding")
    out = bytearray()
    for i in range(0, len(s), 8):
        chunk = s[i:i + 8]
        stripped = chunk.rstrip(b"=")
        n = 0
        for c in stripped:
            k = _B32.find(bytes([c]))
            if k < 0:
                raise binascii.Error("Non-base32 digit found")
            n = n << 5 | k
        n <<= 5 * (8 - len(stripped))
        nbytes = len(stripped) * 5 // 8
        out.extend(n.to_bytes(5, "big")[:nbytes])
    return bytes(out)


def b16encode(s):
    return binascii.hexlify(_bytes(s)).upper()


def b16decode(s, casefold=False):
    s = _bytes(s)
    if casefold:
        s = s.upper()
    return binascii.unhexlify(s)


def encodebytes(s):
    s = _bytes(s)
    return b"".join(binascii.b2a_base64(s[i:i + 57]) for i in range(0, len(s), 57))


def decodebytes(s):
    return binascii.a2b_base64(_bytes(s))
