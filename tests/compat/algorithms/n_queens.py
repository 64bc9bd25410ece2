def solve_n_queens(n):
    solutions = []

    def place(row, cols, diag1, diag2, board):
        if row == n:
            solutions.append(["." * c + "Q" + "." * (n - c - 1) for c in board])
            return
        for c in range(n):
            if c in cols or row - c in diag1 or row + c in diag2:
                continue
            place(row + 1, cols | {c}, diag1 | {row - c}, diag2 | {row + c}, board + [c])

    place(0, set(), set(), set(), [])
    return solutions


sols = solve_n_queens(6)
print(len(sols))
print("\n".join(sols[0]))
