class Registry:
    items = []

    def register(self, x):
        self.items.append(x)


a, b = Registry(), Registry()
a.register(1)
b.register(2)
print(Registry.items, a.items is b.items)
