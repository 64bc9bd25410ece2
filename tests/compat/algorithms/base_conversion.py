import string


def to_base(n: int, base: int) -> str:
    digits = string.digits + string.ascii_lowercase
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))


for n, b in [(255, 2), (255, 16), (-42, 3), (123456789, 36)]:
    s = to_base(n, b)
    assert int(s, b) == n
    print(n, b, s)
