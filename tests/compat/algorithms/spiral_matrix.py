def spiral(matrix):
    result = []
    while matrix:
        result += matrix.pop(0)
        matrix = [list(r) for r in zip(*matrix)][::-1]
    return result


print(spiral([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
