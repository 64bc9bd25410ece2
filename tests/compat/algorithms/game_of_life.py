def step(live):
    from collections import Counter
    counts = Counter((x + dx, y + dy) for x, y in live
                     for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0))
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in live)}


glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
state = glider
for _ in range(4):
    state = step(state)
print(sorted(state))
print(sorted((x - 1, y - 1) for x, y in state) == sorted(glider))
