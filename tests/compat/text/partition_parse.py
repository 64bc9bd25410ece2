lines = ["key=value", "name = Ada Lovelace", "novalue", "url=http://x/?a=b"]
for line in lines:
    key, sep, value = line.partition("=")
    print(repr(key.strip()), bool(sep), repr(value.strip()))
print("a.b.c".rpartition("."))
