# expect: limit memory
# A million-line program: its parse tree outgrows the 32 MiB cap in well under a second
# (MemoryError). Before the parser's stacks grew geometrically (patches/0112), compiling it
# took longer than any timeout (a copy of the whole result stack every 16 statements).
exec("x = 1\n" * 10**6)
