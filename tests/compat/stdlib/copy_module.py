import copy

matrix = [[1, 2], [3, 4]]
shallow = copy.copy(matrix)
deep = copy.deepcopy(matrix)
matrix[0][0] = 99
print(shallow[0][0], deep[0][0], shallow is not matrix)
nested = {"a": [1, {"b": (2, [3])}]}
d2 = copy.deepcopy(nested)
d2["a"][1]["b"][1].append(4)
print(nested, d2)
