import re

print(re.split(r"[,;\s]+", "a, b;c  d,e"))
print(re.split(r"(\d)", "a1b2c"))
print(re.split(r",", "x,y,z", maxsplit=1))
