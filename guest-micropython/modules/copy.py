# copy: copy and deepcopy, with __copy__/__deepcopy__ and the memo for shared and cyclic
# structures.


class Error(Exception):
    pass


error = Error

_atomic = (type(None), int, float, bool, complex, str, bytes, type, range, type(len),
           type(lambda: 0), type(Ellipsis), type(NotImplemented), frozenset)


def copy(x):
    cls = type(x)
    if cls in _atomic:
        return x
    if cls in (list, dict, set, bytearray):
        return cls(x)
    if cls is tuple:
        return x
    c = getattr(x, "__copy__", None)
    if c is not None:
        return c()
    return _reconstruct(x, None)


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _atomic:
        y = x
    elif cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is set:
        y = {deepcopy(a, memo) for a in x}
    elif cls is bytearray:
        y = bytearray(x)
    elif cls is tuple:
        items = [deepcopy(a, memo) for a in x]
        if d in memo:
            return memo[d]
        y = x if all(a is b for a, b in zip(items, x)) else tuple(items)
    else:
        c = getattr(x, "__deepcopy__", None)
        if c is not None:
            y = c(memo)
        else:
            y = _reconstruct(x, memo)
    memo[d] = y
    _keep_alive(x, memo)
    return y


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


def _reconstruct(x, memo):
    cls = type(x)
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        items = x if memo is None else [deepcopy(a, memo) for a in x]
        return cls(*items)
    for base in (list, dict, set, tuple):
        if isinstance(x, base):
            items = base(x)
            if memo is not None:
                items = deepcopy(items, memo)
            y = cls(items)
            break
    else:
        y = object.__new__(cls)
    if memo is not None:
        memo[id(x)] = y
    state = getattr(x, "__dict__", None)
    if state:
        if memo is not None:
            state = deepcopy(state, memo)
        setstate = getattr(y, "__setstate__", None)
        if setstate is not None:
            setstate(state)
        else:
            for k, v in state.items():
                setattr(y, k, v)
    slots = getattr(cls, "__slots__", ())
    if isinstance(slots, str):
        slots = (slots,)
    for name in slots:
        if hasattr(x, name):
            v = getattr(x, name)
            setattr(y, name, v if memo is None else deepcopy(v, memo))
    return y
