class Loggable:
    def log(self, msg):
        return f"[{self.__class__.__name__}] {msg}"


class Serializable:
    def to_dict(self):
        return dict(self.__dict__)


class User(Loggable, Serializable):
    def __init__(self, name):
        self.name = name


u = User("ann")
print(u.log("created"), u.to_dict())
print([c.__name__ for c in User.__mro__])
