class TrafficLight:
    TRANSITIONS = {"green": "yellow", "yellow": "red", "red": "green"}

    def __init__(self):
        self.state = "red"
        self.history = [self.state]

    def advance(self):
        self.state = self.TRANSITIONS[self.state]
        self.history.append(self.state)
        return self


light = TrafficLight()
light.advance().advance().advance().advance()
print(" -> ".join(light.history))
