from collections import deque


class MovingAverage:
    def __init__(self, size: int):
        self.window = deque(maxlen=size)

    def next(self, val: float) -> float:
        self.window.append(val)
        return sum(self.window) / len(self.window)


ma = MovingAverage(3)
print([round(ma.next(v), 2) for v in [1, 10, 3, 5, 8, 2]])
