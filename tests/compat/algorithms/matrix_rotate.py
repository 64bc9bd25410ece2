def rotate(matrix):
    return [list(row)[::-1] for row in zip(*matrix)]


m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
for row in rotate(m):
    print(*row)
