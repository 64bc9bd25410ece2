# expect: limit fuel
# fuel: 20000000
n = 0
while True:
    n += 1
