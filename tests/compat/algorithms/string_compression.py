from itertools import groupby


def compress(s: str) -> str:
    out = "".join(f"{k}{len(list(g))}" for k, g in groupby(s))
    return out if len(out) < len(s) else s


print(compress("aabcccccaaa"), compress("abc"))
