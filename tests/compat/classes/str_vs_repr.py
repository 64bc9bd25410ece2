class Thing:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f"Thing {self.name}"

    def __repr__(self):
        return f"Thing({self.name!r})"


t = Thing("box")
print(t, str(t), repr(t), [t], f"{t}", f"{t!r}")
