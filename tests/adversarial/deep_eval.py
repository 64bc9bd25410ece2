# expect: limit memory
# 100,000 nested brackets: the parser's rule stack outgrows the 32 MiB cap (MemoryError, in
# milliseconds; before the parser skipped rules by their FIRST sets, it took seconds and only
# the hard stop ended it).
eval("[" * 100000 + "]" * 100000)
