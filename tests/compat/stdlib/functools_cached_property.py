from functools import cached_property


class Dataset:
    def __init__(self, values):
        self.values = values
        self.computed = 0

    @cached_property
    def total(self):
        self.computed += 1
        return sum(self.values)


d = Dataset([1, 2, 3])
print(d.total, d.total, d.computed)
