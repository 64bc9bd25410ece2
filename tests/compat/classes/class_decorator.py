registry = {}


def register(cls):
    registry[cls.__name__.lower()] = cls
    return cls


@register
class Csv:
    pass


@register
class Json:
    pass


print(sorted(registry), registry["csv"] is Csv)
