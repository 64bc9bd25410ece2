def chunks(xs, n):
    return [xs[i:i + n] for i in range(0, len(xs), n)]


print(chunks(list(range(11)), 4))
print(list(zip(*[iter("abcdefgh")] * 2)))
