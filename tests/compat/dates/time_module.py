import time

t = time.gmtime(86400 * 365)
print(t[0], t[1], t[2], t[6], t[7])
print(time.mktime((2000, 1, 1, 0, 0, 0, 0, 0, 0)) - time.mktime((1999, 12, 31, 0, 0, 0, 0, 0, 0)))
