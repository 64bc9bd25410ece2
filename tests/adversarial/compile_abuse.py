# expect: limit time
while True:
    compile("x = [i for i in range(10)]", "f", "exec")
