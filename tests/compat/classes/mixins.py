class JsonMixin:
    def to_json(self):
        import json
        return json.dumps(self.__dict__, sort_keys=True)


class ReprMixin:
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in sorted(self.__dict__.items()))
        return f"{type(self).__name__}({fields})"


class Point(JsonMixin, ReprMixin):
    def __init__(self, x, y):
        self.x, self.y = x, y


p = Point(1, 2)
print(p, p.to_json())
