class TokenBucket:
    def __init__(self, rate: float, capacity: int):
        self.rate, self.capacity = rate, capacity
        self.tokens = capacity
        self.last = 0.0

    def allow(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


b = TokenBucket(rate=2, capacity=3)
print([b.allow(t) for t in [0, 0, 0, 0, 0.25, 0.5, 1.0, 1.0, 1.0, 3.0]])
