def transform(rows, mapping):
    out = []
    for row in rows:
        new = {}
        for src, (dst, conv) in mapping.items():
            if src in row:
                new[dst] = conv(row[src])
        out.append(new)
    return out


rows = [{"Name": " ann ", "Age": "31", "Score": "9.5"}, {"Name": "BOB", "Age": "25"}]
mapping = {"Name": ("name", lambda s: s.strip().title()), "Age": ("age", int), "Score": ("score", float)}
for r in transform(rows, mapping):
    print(r)
