# expect: lost time
# Stuck in C (bignum multiplication): no poll comes, the hard stop does.
x = 7 ** (10**7)
