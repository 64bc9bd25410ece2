xs = list(range(20))
print(xs[::3], xs[-5:], xs[2:10:2], xs[::-4])
xs[2:5] = ["a", "b"]
print(xs[:6])
del xs[::2]
print(xs)
