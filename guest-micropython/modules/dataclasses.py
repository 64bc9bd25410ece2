# dataclasses: @dataclass and its helpers. Fields come from the class's __annotations__,
# which the compiler records for class bodies (patch 0070), in order.

MISSING = object()


class FrozenInstanceError(AttributeError):
    pass


class _InitVarType:
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata or {}
        self.kw_only = kw_only

    def __repr__(self):
        return "Field(name=%r,type=%r,default=%r)" % (self.name, self.type, self.default)


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None,
          compare=True, metadata=None, kw_only=False):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(tp):
    return getattr(tp, "_name", None) == "ClassVar" or (isinstance(tp, str) and tp.startswith("ClassVar"))


def _process(cls, init, repr_, eq, order, frozen, unsafe_hash, kw_only):
    fields = {}
    for base in reversed(cls.__mro__[1:] if hasattr(cls, "__mro__") else cls.__bases__):
        fields.update(getattr(base, "__dataclass_fields__", {}))
    annotations = cls.__dict__.get("__annotations__", {})
    for name, tp in annotations.items():
        if _is_classvar(tp):
            continue
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = Field(default, MISSING, True, True, None, True, None, kw_only)
        f.name = name
        f.type = tp
        if isinstance(f.default, (list, dict, set)):
            raise ValueError("mutable default %s for field %s is not allowed: use default_factory" % (type(f.default), name))
        if f.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, f.default)
        fields[name] = f
    cls.__dataclass_fields__ = fields
    cls.__dataclass_params__ = (init, repr_, eq, order, frozen)
    flist = list(fields.values())

    if init:
        seen_default = False
        for f in flist:
            if f.init and not f.kw_only:
                if f.default is not MISSING or f.default_factory is not MISSING:
                    seen_default = True
                elif seen_default:
                    raise TypeError("non-default argument '%s' follows default argument" % f.name)

        def __init__(self, *args, **kwargs):
            positional = [f for f in flist if f.init and not f.kw_only]
            if len(args) > len(positional):
                raise TypeError("__init__() takes %d positional arguments but %d were given"
                                % (len(positional) + 1, len(args) + 1))
            for f, value in zip(positional, args):
                if f.name in kwargs:
                    raise TypeError("__init__() got multiple values for argument '%s'" % f.name)
                kwargs[f.name] = value
            for f in flist:
                if f.init and f.name in kwargs:
                    value = kwargs.pop(f.name)
                elif f.default is not MISSING:
                    value = f.default
                elif f.default_factory is not MISSING:
                    value = f.default_factory()
                elif not f.init:
                    continue
                else:
                    raise TypeError("__init__() missing 1 required positional argument: '%s'" % f.name)
                object.__setattr__(self, f.name, value)
            if kwargs:
                raise TypeError("__init__() got an unexpected keyword argument '%s'" % next(iter(kwargs)))
            post = getattr(self, "__post_init__", None)
            if post is not None:
                post()

        cls.__init__ = __init__

    if repr_ and "__repr__" not in cls.__dict__:
        def __repr__(self):
            return "%s(%s)" % (type(self).__qualname__ if hasattr(type(self), "__qualname__") else type(self).__name__,
                               ", ".join("%s=%r" % (f.name, getattr(self, f.name)) for f in flist if f.repr))

        cls.__repr__ = __repr__

    def _key(self):
        return tuple(getattr(self, f.name) for f in flist if f.compare)

    if eq and "__eq__" not in cls.__dict__:
        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return _key(self) == _key(other)

        cls.__eq__ = __eq__

    if order:
        def _cmp(op):
            def method(self, other):
                if other.__class__ is not self.__class__:
                    return NotImplemented
                return op(_key(self), _key(other))
            return method

        cls.__lt__ = _cmp(lambda a, b: a < b)
        cls.__le__ = _cmp(lambda a, b: a <= b)
        cls.__gt__ = _cmp(lambda a, b: a > b)
        cls.__ge__ = _cmp(lambda a, b: a >= b)

    if frozen:
        def __setattr__(self, name, value):
            raise FrozenInstanceError("cannot assign to field '%s'" % name)

        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field '%s'" % name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__

    if unsafe_hash or (eq and frozen):
        def __hash__(self):
            return hash(_key(self))

        cls.__hash__ = __hash__
    elif eq and "__hash__" not in cls.__dict__:
        cls.__hash__ = None
    cls.__match_args__ = tuple(f.name for f in flist if f.init)
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(cls):
        return _process(cls, init, repr, eq, order, frozen, unsafe_hash, kw_only)

    if cls is None:
        return wrap
    return wrap(cls)


def fields(obj):
    try:
        return tuple(obj.__dataclass_fields__.values())
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance")


def is_dataclass(obj):
    return hasattr(obj, "__dataclass_fields__")


def _convert(obj, factory):
    if is_dataclass(obj) and not isinstance(obj, type):
        return factory([(f.name, _convert(getattr(obj, f.name), factory)) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_convert(v, factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_convert(v, factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_convert(k, factory), _convert(v, factory)) for k, v in obj.items())
    return obj


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory)


def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return tuple_factory(_convert(getattr(obj, f.name), lambda items: tuple(v for _, v in items)) for f in fields(obj))


def replace(obj, **changes):
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kwargs):
    ns = dict(namespace or {})
    annotations = {}
    for item in fields:
        if isinstance(item, str):
            annotations[item] = "typing.Any"
        else:
            annotations[item[0]] = item[1]
            if len(item) == 3:
                ns[item[0]] = item[2]
    ns["__annotations__"] = annotations
    return dataclass(type(cls_name, bases or (object,), ns), **kwargs)
