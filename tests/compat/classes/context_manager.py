class Timer:
    def __init__(self, name):
        self.name = name
        self.log = []

    def __enter__(self):
        self.log.append(f"enter {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append(f"exit {self.name} ({exc_type.__name__ if exc_type else 'ok'})")
        return exc_type is ValueError


with Timer("a") as t:
    pass
print(t.log)
with Timer("b") as t2:
    raise ValueError("swallowed")
print(t2.log)
