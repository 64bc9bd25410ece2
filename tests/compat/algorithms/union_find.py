class DSU:
    def __init__(self, n):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        return True


d = DSU(8)
for a, b in [(0, 1), (2, 3), (1, 3), (5, 6)]:
    d.union(a, b)
groups = {}
for i in range(8):
    groups.setdefault(d.find(i), []).append(i)
print(sorted(groups.values()))
