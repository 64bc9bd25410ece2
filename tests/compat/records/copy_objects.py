import copy


class Config:
    def __init__(self):
        self.values = {"debug": False}
        self.plugins = ["core"]


a = Config()
b = copy.deepcopy(a)
b.values["debug"] = True
b.plugins.append("extra")
print(a.values, a.plugins)
print(b.values, b.plugins)
