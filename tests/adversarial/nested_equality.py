# expect: lost stack
a = []
b = []
for i in range(200000):
    a = [a]
    b = [b]
a == b
