# abc: ABC, ABCMeta and abstractmethod. Instantiating a class that still has abstract
# methods raises TypeError, as in CPython.


def abstractmethod(fn):
    try:
        fn.__isabstractmethod__ = True
    except AttributeError:
        _abstract_ids.add(id(fn))
    return fn


_abstract_ids = set()


def _is_abstract(value):
    if isinstance(value, property):
        value = value.fget
    return getattr(value, "__isabstractmethod__", False) or id(value) in _abstract_ids


def _abstract_names(cls):
    names = set()
    seen = set()
    todo = [cls]
    chain = []
    while todo:
        c = todo.pop(0)
        if c in seen or c is object:
            continue
        seen.add(c)
        chain.append(c)
        todo.extend(c.__bases__)
    for c in reversed(chain):
        for name, value in c.__dict__.items():
            if _is_abstract(value):
                names.add(name)
            else:
                names.discard(name)
    return names


class ABCMeta(type):
    def register(cls, subclass):
        return subclass


class ABC(metaclass=ABCMeta):
    def __new__(cls, *args, **kwargs):
        missing = _abstract_names(cls)
        if missing:
            names = sorted(missing)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "s" if len(names) > 1 else "", ", ".join(names)))
        return object.__new__(cls)


def abstractproperty(fn):
    return property(abstractmethod(fn))


abstractclassmethod = classmethod
abstractstaticmethod = staticmethod


def get_cache_token():
    return 0
