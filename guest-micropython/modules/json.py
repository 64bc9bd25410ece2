# json: MicroPython's C parser behind CPython's API, and an encoder with CPython's options
# (indent, sort_keys, separators, default, ensure_ascii, allow_nan, cls).

from ujson import loads as _loads


class JSONDecodeError(ValueError):
    pass


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
          object_pairs_hook=None, **kw):
    if isinstance(s, (bytes, bytearray)):
        s = s.decode("utf-8")
    if not isinstance(s, str):
        raise TypeError("the JSON object must be str, bytes or bytearray, not %s" % type(s).__name__)
    try:
        value = _loads(s)
    except ValueError as e:
        raise JSONDecodeError(str(e) or "Expecting value")
    if object_hook is not None or object_pairs_hook is not None or parse_float is not None:
        value = _hook(value, object_hook, object_pairs_hook, parse_float)
    return value


def _hook(v, object_hook, pairs_hook, parse_float):
    if isinstance(v, dict):
        items = [(k, _hook(x, object_hook, pairs_hook, parse_float)) for k, x in v.items()]
        if pairs_hook is not None:
            return pairs_hook(items)
        d = dict(items)
        return object_hook(d) if object_hook is not None else d
    if isinstance(v, list):
        return [_hook(x, object_hook, pairs_hook, parse_float) for x in v]
    if isinstance(v, float) and parse_float is not None:
        return parse_float(repr(v))
    return v


def load(fp, **kw):
    return loads(fp.read(), **kw)


_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _str(s, ensure_ascii):
    out = ['"']
    for c in s:
        e = _ESC.get(c)
        if e is not None:
            out.append(e)
            continue
        o = ord(c)
        if o < 0x20 or (ensure_ascii and o > 0x7E):
            if o > 0xFFFF:
                o -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (o >> 10), 0xDC00 | (o & 0x3FF)))
            else:
                out.append("\\u%04x" % o)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if isinstance(indent, int):
            indent = " " * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    def encode(self, o):
        out = []
        self._enc(o, out, 0, [])
        return "".join(out)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])

    def _float(self, f):
        if f != f:
            text = "NaN"
        elif f == float("inf"):
            text = "Infinity"
        elif f == -float("inf"):
            text = "-Infinity"
        else:
            return repr(f)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def _key(self, k):
        if isinstance(k, str):
            return k
        if k is True:
            return "true"
        if k is False:
            return "false"
        if k is None:
            return "null"
        if isinstance(k, float):
            return self._float(k)
        if isinstance(k, int):
            return str(k)
        if self.skipkeys:
            return None
        raise TypeError("keys must be str, int, float, bool or None, not %s" % type(k).__name__)

    def _enc(self, o, out, level, stack):
        if o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, str):
            out.append(_str(o, self.ensure_ascii))
        elif isinstance(o, int):
            out.append(int.__repr__(o) if type(o) is not int and hasattr(int, "__repr__") else str(int(o)))
        elif isinstance(o, float):
            out.append(self._float(o))
        elif isinstance(o, (list, tuple, dict)):
            if any(x is o for x in stack):
                raise ValueError("Circular reference detected")
            stack.append(o)
            if isinstance(o, dict):
                self._dict(o, out, level, stack)
            else:
                self._list(o, out, level, stack)
            stack.pop()
        else:
            self._enc(self.default(o), out, level, stack)

    def _newline(self, level):
        return "\n" + self.indent * level

    def _list(self, o, out, level, stack):
        if not o:
            out.append("[]")
            return
        out.append("[")
        sep = self.item_separator
        if self.indent is not None:
            out.append(self._newline(level + 1))
            sep = self.item_separator + self._newline(level + 1)
        for i, x in enumerate(o):
            if i:
                out.append(sep)
            self._enc(x, out, level + 1, stack)
        if self.indent is not None:
            out.append(self._newline(level))
        out.append("]")

    def _dict(self, o, out, level, stack):
        if not o:
            out.append("{}")
            return
        items = [(self._key(k), v) for k, v in o.items()]
        items = [kv for kv in items if kv[0] is not None]
        if self.sort_keys:
            items.sort(key=lambda kv: kv[0])
        out.append("{")
        sep = self.item_separator
        if self.indent is not None:
            out.append(self._newline(level + 1))
            sep = self.item_separator + self._newline(level + 1)
        for i, (k, v) in enumerate(items):
            if i:
                out.append(sep)
            out.append(_str(k, self.ensure_ascii))
            out.append(self.key_separator)
            self._enc(v, out, level + 1, stack)
        if self.indent is not None:
            out.append(self._newline(level))
        out.append("}")


class JSONDecoder:
    def __init__(self, **kw):
        self._kw = kw

    def decode(self, s):
        return loads(s, **self._kw)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    return (cls or JSONEncoder)(skipkeys=skipkeys, ensure_ascii=ensure_ascii, allow_nan=allow_nan,
                                indent=indent, separators=separators, default=default,
                                sort_keys=sort_keys, **kw).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))
