# expect: limit memory
keep = []
while True:
    keep.append(str(len(keep)) * 10000)
