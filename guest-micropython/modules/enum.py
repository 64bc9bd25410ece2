# enum: Enum, IntEnum, StrEnum, Flag, IntFlag, auto and unique. The metaclass (kept as
# __metaclass__, patch 0071) makes the members when a subclass is defined, and gives
# iteration, len(), `in` and Class["NAME"].


class auto:
    pass


def _members(cls):
    return cls.__dict__.get("_member_map_") or {}


def _is_member(name, value):
    if name.startswith("_"):
        return False
    return isinstance(value, auto) or not (callable(value) or hasattr(value, "__get__")
                                           or isinstance(value, (classmethod, staticmethod, property)))


def _setup(cls, namespace):
    for base in cls.__bases__:
        if _members(base):
            raise TypeError("%s: cannot extend %s" % (cls.__name__, base.__name__))
    members = {}
    by_value = {}
    cls._member_map_ = members
    cls._value2member_map_ = by_value
    flag = issubclass(cls, Flag)
    value_type = None
    for base in _mro(cls):
        if base in (int, str, float):
            value_type = base
            break
    values = []
    for name, v in list(namespace.items()):
        if not _is_member(name, v):
            continue
        if isinstance(v, auto):
            if flag:
                top = max([x for x in values if isinstance(x, int)] + [0])
                v = 1 if top == 0 else 1 << (len(bin(top)) - 2)
            elif value_type is str:
                v = name.lower()
            else:
                v = max([x for x in values if isinstance(x, int)] + [0]) + 1
        values.append(v)
        if v in by_value:
            member = by_value[v]
        else:
            member = cls(*v) if isinstance(v, tuple) and value_type is None else cls(v)
            member._value_ = v if value_type is None else value_type(v)
            member._name_ = name
            by_value[v] = member
        members[name] = member
        setattr(cls, name, member)
    # from now on, calling the class looks a member up (CPython's EnumMeta.__call__)
    cls.__new__ = _lookup
    cls.__init__ = _no_init


def _lookup(cls, value):
    try:
        return cls._value2member_map_[value]
    except (KeyError, TypeError):
        pass
    if isinstance(value, cls):
        return value
    missing = _find(cls, "_missing_")
    if missing is not None:
        found = missing.__func__(cls, value) if hasattr(missing, "__func__") else missing(cls, value)
        if found is not None:
            return found
    raise ValueError("%r is not a valid %s" % (value, cls.__name__))


def _no_init(self, *args, **kwargs):
    pass


def _mro(cls):
    out = [cls]
    for b in cls.__bases__:
        for c in _mro(b):
            if c not in out:
                out.append(c)
    return out


def _find(cls, name):
    for c in _mro(cls):
        if c.__dict__.get("__module__") == __name__:
            return None
        if name in c.__dict__:
            return c.__dict__[name]
    return None


class EnumMeta(type):
    def __init__(cls, name, bases, namespace):
        if namespace.get("__module__") != __name__:
            _setup(cls, namespace)

    def __iter__(cls):
        seen = []
        for m in _members(cls).values():
            if m not in seen:
                seen.append(m)
        return iter(seen)

    def __len__(cls):
        return len(list(EnumMeta.__iter__(cls)))

    def __contains__(cls, member):
        return isinstance(member, cls) and member._name_ in _members(cls)

    def __getitem__(cls, name):
        return _members(cls)[name]


EnumType = EnumMeta


class Enum(metaclass=EnumMeta):
    def __init__(self, *args):
        pass

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)


def _v(x):
    return getattr(x, "_value_", x)


class IntEnum(int, Enum):
    # comparisons with the values: MicroPython's int does not unwrap a subclass operand
    def __lt__(self, other):
        return self._value_ < _v(other)

    def __le__(self, other):
        return self._value_ <= _v(other)

    def __gt__(self, other):
        return self._value_ > _v(other)

    def __ge__(self, other):
        return self._value_ >= _v(other)

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __eq__(self, other):
        return self._value_ == _v(other)

    def __ne__(self, other):
        return self._value_ != _v(other)

    def __hash__(self):
        return hash(self._value_)


class StrEnum(str, Enum):
    def __str__(self):
        return self._value_

    def __format__(self, spec):
        return format(self._value_, spec)

    def __eq__(self, other):
        return str(self) == other

    def __ne__(self, other):
        return str(self) != other

    def __hash__(self):
        return hash(self._value_)


class Flag(Enum):
    def __or__(self, other):
        return type(self)._combine(self._value_ | other._value_)

    def __and__(self, other):
        return type(self)._combine(self._value_ & other._value_)

    def __xor__(self, other):
        return type(self)._combine(self._value_ ^ other._value_)

    def __contains__(self, other):
        return other._value_ & self._value_ == other._value_

    def __bool__(self):
        return bool(self._value_)

    def __iter__(self):
        return iter([m for m in type(self) if m._value_ & self._value_ and m._value_ & (m._value_ - 1) == 0])

    @classmethod
    def _combine(cls, value):
        members = _members(cls)
        for m in members.values():
            if m._value_ == value:
                return m
        m = object.__new__(cls)
        m._value_ = value
        names = [n for n, x in members.items() if x._value_ & value and x._value_ & (x._value_ - 1) == 0]
        m._name_ = "|".join(names) if names else None
        return m

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)


class IntFlag(int, Flag):
    pass


class ReprEnum(Enum):
    pass


def unique(cls):
    seen = {}
    for name, member in _members(cls).items():
        if member._name_ != name:
            raise ValueError("duplicate values found in %r: %s -> %s" % (cls, name, member._name_))
    return cls
