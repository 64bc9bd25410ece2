class EventBus:
    def __init__(self):
        self._subs = {}

    def on(self, event, fn):
        self._subs.setdefault(event, []).append(fn)

    def emit(self, event, *args):
        return [fn(*args) for fn in self._subs.get(event, [])]


bus = EventBus()
bus.on("greet", lambda n: f"hello {n}")
bus.on("greet", lambda n: f"hi {n}")
print(bus.emit("greet", "ann"), bus.emit("other"))
