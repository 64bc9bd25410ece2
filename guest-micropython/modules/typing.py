# typing: the names that annotations and everyday runtime code use. Annotations are not
# checked at run time (as in CPython); subscripting a generic gives back an alias object
# that prints like CPython's and compares by origin and arguments.

TYPE_CHECKING = False


class _Alias:
    def __init__(self, name, args=()):
        self._name = name
        self.__args__ = args

    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        if self._name == "Optional":
            return _Alias("Optional", (args[0], type(None)))
        if self._name == "Union":
            flat = []
            for a in args:
                for b in a.__args__ if isinstance(a, _Alias) and a._name == "Union" else (a,):
                    if b not in flat:
                        flat.append(b)
            if len(flat) == 1:
                return flat[0]
            return _Alias("Union", tuple(flat))
        return _Alias(self._name, args)

    def __call__(self, *args, **kwargs):
        raise TypeError("Type %s cannot be instantiated" % self._name)

    def _key(self):
        if self._name in ("Union", "Optional"):
            return ("Union", frozenset(self.__args__))
        return (self._name, self.__args__)

    def __eq__(self, other):
        return isinstance(other, _Alias) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        if not self.__args__:
            return "typing." + self._name
        args = self.__args__
        if self._name in ("Union", "Optional") and len(args) == 2 and type(None) in args:
            return "typing.Optional[%s]" % _name(args[0] if args[1] is type(None) else args[1])
        return "typing.%s[%s]" % (self._name, ", ".join(_name(a) for a in args))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


def _name(t):
    if t is Ellipsis:
        return "..."
    if t is type(None):
        return "None"
    if isinstance(t, (list, tuple)):
        return "[%s]" % ", ".join(_name(a) for a in t)
    if isinstance(t, type):
        return t.__name__
    return repr(t)


Any = _Alias("Any")
Union = _Alias("Union")
Optional = _Alias("Optional")
Callable = _Alias("Callable")
Literal = _Alias("Literal")
Final = _Alias("Final")
ClassVar = _Alias("ClassVar")
Annotated = _Alias("Annotated")
NoReturn = _Alias("NoReturn")
Never = _Alias("Never")
Self = _Alias("Self")
LiteralString = _Alias("LiteralString")
TypeAlias = _Alias("TypeAlias")
List = _Alias("List")
Dict = _Alias("Dict")
Set = _Alias("Set")
FrozenSet = _Alias("FrozenSet")
Tuple = _Alias("Tuple")
Type = _Alias("Type")
DefaultDict = _Alias("DefaultDict")
OrderedDict = _Alias("OrderedDict")
Counter = _Alias("Counter")
Deque = _Alias("Deque")
ChainMap = _Alias("ChainMap")
Iterable = _Alias("Iterable")
Iterator = _Alias("Iterator")
Generator = _Alias("Generator")
AsyncIterator = _Alias("AsyncIterator")
AsyncGenerator = _Alias("AsyncGenerator")
Awaitable = _Alias("Awaitable")
Coroutine = _Alias("Coroutine")
Sequence = _Alias("Sequence")
MutableSequence = _Alias("MutableSequence")
Mapping = _Alias("Mapping")
MutableMapping = _Alias("MutableMapping")
AbstractSet = _Alias("AbstractSet")
MutableSet = _Alias("MutableSet")
Collection = _Alias("Collection")
Container = _Alias("Container")
Hashable = _Alias("Hashable")
Sized = _Alias("Sized")
Reversible = _Alias("Reversible")
ContextManager = _Alias("ContextManager")
Pattern = _Alias("Pattern")
Match = _Alias("Match")
IO = _Alias("IO")
TextIO = _Alias("TextIO")
BinaryIO = _Alias("BinaryIO")
SupportsInt = _Alias("SupportsInt")
SupportsFloat = _Alias("SupportsFloat")
SupportsIndex = _Alias("SupportsIndex")
AnyStr = _Alias("AnyStr")
Text = str


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return "~" + self.__name__


class ParamSpec(TypeVar):
    pass


class Generic:
    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    pass


def runtime_checkable(cls):
    return cls


def cast(typ, value):
    return value


def overload(fn):
    return fn


def final(fn):
    return fn


def no_type_check(fn):
    return fn


def assert_never(value):
    raise AssertionError("Expected code to be unreachable, but got: %r" % (value,))


def reveal_type(obj):
    return obj


def get_type_hints(obj):
    return dict(getattr(obj, "__annotations__", {}))


def get_origin(tp):
    return getattr(tp, "_name", None)


def get_args(tp):
    return getattr(tp, "__args__", ())


def NewType(name, tp):
    def new_type(x):
        return x

    new_type.__name__ = name
    return new_type


def _namedtuple_type(name, fields, defaults, body):
    from collections import namedtuple

    real = type(name, (namedtuple(name, fields),), body)

    def make(*args, **kwargs):
        values = list(args)
        for f in fields[len(args):]:
            if f in kwargs:
                values.append(kwargs.pop(f))
            elif f in defaults:
                values.append(defaults[f])
            else:
                raise TypeError("%s.__new__() missing 1 required positional argument: '%s'" % (name, f))
        if kwargs:
            raise TypeError("%s.__new__() got an unexpected keyword argument '%s'" % (name, next(iter(kwargs))))
        return real(*values)

    real._make = classmethod(lambda cls, iterable: make(*iterable))
    real._field_defaults = defaults
    return make


class _NamedTupleMeta(type):
    def __init__(cls, name, bases, ns):
        if ns.get("__module__") == __name__:
            return
        fields = list(ns.get("__annotations__", {}))
        defaults = {f: ns[f] for f in fields if f in ns}
        skip = ("__annotations__", "__module__", "__qualname__", "__metaclass__")
        body = {k: v for k, v in ns.items() if k not in fields and k not in skip}
        make = _namedtuple_type(name, fields, defaults, body)
        cls.__new__ = lambda c, *args, **kwargs: make(*args, **kwargs)
        cls._fields = tuple(fields)
        cls._field_defaults = defaults


class NamedTuple(metaclass=_NamedTupleMeta):
    """Class syntax (`class P(NamedTuple): x: int`) and the call NamedTuple("P", [("x", int)]):
    both make a collections.namedtuple type (instances are tuples with named fields)."""

    def __new__(cls, typename, fields=None, **kwargs):
        if fields is None:
            fields = list(kwargs.items())
        return _namedtuple_type(typename, [f[0] for f in fields], {}, {})


class _TypedDictMeta(type):
    def __init__(cls, name, bases, ns):
        if ns.get("__module__") != __name__:
            cls.__new__ = lambda c, *args, **kwargs: dict(*args, **kwargs)


class TypedDict(metaclass=_TypedDictMeta):
    """Class syntax (`class Movie(TypedDict): title: str`): calling the class makes a dict."""

    def __new__(cls, typename, fields=None, total=True, **kwargs):
        return dict
