from fractions import Fraction


def det(m):
    m = [[Fraction(x) for x in row] for row in m]
    n = len(m)
    result = Fraction(1)
    for i in range(n):
        pivot = next((r for r in range(i, n) if m[r][i] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != i:
            m[i], m[pivot] = m[pivot], m[i]
            result = -result
        result *= m[i][i]
        for r in range(i + 1, n):
            f = m[r][i] / m[i][i]
            m[r] = [a - f * b for a, b in zip(m[r], m[i])]
    return result


print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]))
print(det([[1, 2], [2, 4]]))
