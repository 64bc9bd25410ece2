import math

print(math.factorial(30))
print(len(str(math.factorial(100))))
print(math.comb(52, 5), math.perm(10, 3))
