# expect: lost time
# The parser recurses in C and takes seconds: no poll comes, the hard stop does.
eval("[" * 100000 + "]" * 100000)
