class Tag:
    def __init__(self, name):
        self.name = name.lower()

    def __eq__(self, other):
        return self.name == other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"Tag({self.name})"


tags = {Tag("Python"), Tag("python"), Tag("Wasm")}
print(len(tags), sorted(t.name for t in tags))
