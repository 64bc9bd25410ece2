class Config:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.values = {}
        return cls._instance


a = Config()
a.values["x"] = 1
b = Config()
print(a is b, b.values)
