# functools: reduce, partial, lru_cache, cache, cached_property, wraps, update_wrapper,
# cmp_to_key, total_ordering, singledispatch.

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)
_initial_missing = object()


def reduce(function, iterable, initial=_initial_missing):
    it = iter(iterable)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


class partial:
    def __init__(self, func, *args, **keywords):
        if isinstance(func, partial):
            args = func.args + args
            keywords = dict(func.keywords, **keywords)
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args]
        parts += ["%s=%r" % kv for kv in self.keywords.items()]
        return "functools.partial(%s)" % ", ".join(parts)


class partialmethod(partial):
    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self.func, obj, *self.args, **self.keywords)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            setattr(wrapper, attr, getattr(wrapped, attr))
        except AttributeError:
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except AttributeError:
        pass
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)

    return decorator


from ucollections import namedtuple as _namedtuple

_CacheInfo = _namedtuple("CacheInfo", ("hits", "misses", "maxsize", "currsize"))


def _make_key(args, kwargs, typed):
    key = args
    if kwargs:
        key += (_kwmark,) + tuple(kwargs.items())
    if typed:
        key += tuple(type(v) for v in args) + tuple(type(v) for v in kwargs.values())
    return key


_kwmark = object()


class _LruWrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._order = []
        self._hits = self._misses = 0
        update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        key = _make_key(args, kwargs, self._typed)
        cache = self._cache
        try:
            result = cache[key]
        except KeyError:
            pass
        else:
            self._hits += 1
            if self._maxsize is not None:
                order = self._order
                order.remove(key)
                order.append(key)
            return result
        self._misses += 1
        result = self.__wrapped__(*args, **kwargs)
        if self._maxsize is None:
            cache[key] = result
        elif self._maxsize > 0:
            if key not in cache and len(cache) >= self._maxsize:
                del cache[self._order.pop(0)]
            if key not in cache:
                self._order.append(key)
            cache[key] = result
        return result

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self, obj)

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache = {}
        self._order = []
        self._hits = self._misses = 0

    def cache_parameters(self):
        return {"maxsize": self._maxsize, "typed": self._typed}


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, bool):
        return _LruWrapper(maxsize, 128, typed)
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorating_function(user_function):
        return _LruWrapper(user_function, maxsize, typed)

    return decorating_function


def cache(user_function):
    return _LruWrapper(user_function, None, False)


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = func.__name__
        self.__doc__ = getattr(func, "__doc__", None)

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.func(instance)
        setattr(instance, self.attrname, value)
        return value


def cmp_to_key(mycmp):
    class K:
        __slots__ = ("obj",)

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None

    return K


def total_ordering(cls):
    d = cls.__dict__
    if "__lt__" in d:
        lt = d["__lt__"]
        cls.__gt__ = lambda self, other: not lt(self, other) and self != other
        cls.__le__ = lambda self, other: lt(self, other) or self == other
        cls.__ge__ = lambda self, other: not lt(self, other)
    elif "__gt__" in d:
        gt = d["__gt__"]
        cls.__lt__ = lambda self, other: not gt(self, other) and self != other
        cls.__ge__ = lambda self, other: gt(self, other) or self == other
        cls.__le__ = lambda self, other: not gt(self, other)
    elif "__le__" in d:
        le = d["__le__"]
        cls.__lt__ = lambda self, other: le(self, other) and self != other
        cls.__gt__ = lambda self, other: not le(self, other)
        cls.__ge__ = lambda self, other: not le(self, other) or self == other
    elif "__ge__" in d:
        ge = d["__ge__"]
        cls.__le__ = lambda self, other: not ge(self, other) or self == other
        cls.__gt__ = lambda self, other: ge(self, other) and self != other
        cls.__lt__ = lambda self, other: not ge(self, other)
    else:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    return cls


class singledispatch:
    """Dispatch on the type of the first argument; `register(cls)`, `register(cls, func)`
    or `@f.register` on a function whose first parameter is annotated."""

    def __init__(self, func):
        self.registry = {object: func}
        self._func = func
        update_wrapper(self, func)

    def dispatch(self, cls):
        for klass in _mro(cls):
            if klass in self.registry:
                return self.registry[klass]
        return self._func

    def register(self, cls, method=None):
        if method is None:
            if isinstance(cls, type):
                return lambda f: self.register(cls, f)
            ann = getattr(cls, "__annotations__", None)
            if not ann:
                raise TypeError("Invalid first argument to `register()`: %r. Use either "
                                "`@register(some_class)` or plain `@register` on an annotated function." % (cls,))
            method, cls = cls, list(ann.values())[0]
        self.registry[cls] = method
        return method

    def __call__(self, *args, **kw):
        return self.dispatch(args[0].__class__)(*args, **kw)


def _mro(cls):
    out = [cls]
    for b in getattr(cls, "__bases__", ()):
        for c in _mro(b):
            if c not in out:
                out.append(c)
    if object not in out:
        out.append(object)
    return out
