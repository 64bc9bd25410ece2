class Multiplier:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x * self.k


double = Multiplier(2)
print(double(21), list(map(Multiplier(3), [1, 2, 3])), callable(double))
