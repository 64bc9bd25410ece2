def transpose(m):
    return [list(row) for row in zip(*m)]


def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


a = [[1, 2, 3], [4, 5, 6]]
print(transpose(a))
print(matmul(a, transpose(a)))
