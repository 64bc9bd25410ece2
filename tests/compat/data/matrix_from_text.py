text = """1 2 3
4 5 6
7 8 9"""
matrix = [[int(x) for x in line.split()] for line in text.splitlines()]
print(matrix)
print([sum(col) for col in zip(*matrix)])
print(sum(matrix[i][i] for i in range(3)))
