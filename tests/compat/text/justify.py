def justify(words, width):
    lines, cur = [], []
    for w in words:
        if sum(map(len, cur)) + len(cur) + len(w) > width:
            lines.append(cur)
            cur = []
        cur.append(w)
    lines.append(cur)
    out = []
    for line in lines[:-1]:
        gaps = len(line) - 1 or 1
        spaces = width - sum(map(len, line))
        s = ""
        for i, w in enumerate(line):
            s += w
            if i < gaps:
                s += " " * (spaces // gaps + (i < spaces % gaps))
        out.append(s)
    out.append(" ".join(lines[-1]).ljust(width))
    return out


for l in justify("This is an example of text justification done by hand".split(), 16):
    print(repr(l))
