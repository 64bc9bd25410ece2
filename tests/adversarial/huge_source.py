# expect: lost time
# A million-line program: compiling it in C takes longer than the timeout.
exec("x = 1\n" * 10**6)
