s = "naïve café — 日本"
print(len(s), s.upper())
print([ord(c) for c in "é日"])
print(chr(0x263A), "\u00e9" == "é")
print(s.encode("utf-8")[:8])
