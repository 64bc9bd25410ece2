# pprint: pprint, pformat, pp and PrettyPrinter, with CPython's layout (dicts sorted by key by
# default; containers broken one item per line when they do not fit the width).

import sys as _sys


def _safe_key(x):
    return (str(type(x)), x)


class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *, compact=False,
                 sort_dicts=True, underscore_numbers=False):
        self._indent_per_level = indent
        self._width = width
        self._depth = depth
        self._stream = stream
        self._compact = compact
        self._sort_dicts = sort_dicts

    def pprint(self, obj):
        stream = self._stream or _sys.stdout
        stream.write(self.pformat(obj) + "\n")

    def pformat(self, obj):
        out = []
        self._format(obj, out, 0, 0, 0)
        return "".join(out)

    def _items(self, d):
        items = list(d.items())
        if self._sort_dicts:
            try:
                items.sort(key=lambda kv: kv[0])
            except TypeError:
                items.sort(key=lambda kv: _safe_key(kv[0]))
        return items

    def _repr(self, obj, level=0):
        t = type(obj)
        if self._depth is not None and level > self._depth and t in (dict, list, tuple):
            return {dict: "{...}", list: "[...]", tuple: "(...)"}[t]
        if t is dict:
            return "{" + ", ".join("%s: %s" % (self._repr(k, level + 1), self._repr(v, level + 1))
                                   for k, v in self._items(obj)) + "}"
        if t is list:
            return "[" + ", ".join(self._repr(x, level + 1) for x in obj) + "]"
        if t is tuple:
            if len(obj) == 1:
                return "(%s,)" % self._repr(obj[0], level + 1)
            return "(" + ", ".join(self._repr(x, level + 1) for x in obj) + ")"
        if t in (set, frozenset) and obj:
            try:
                items = sorted(obj)
            except TypeError:
                items = list(obj)
            body = "{" + ", ".join(self._repr(x, level + 1) for x in items) + "}"
            return body if t is set else "frozenset(%s)" % body
        return repr(obj)

    def _format(self, obj, out, indent, allowance, level):
        rep = self._repr(obj, level + 1)
        if len(rep) > self._width - indent - allowance:
            t = type(obj)
            if t is dict and obj:
                out.append("{")
                self._format_dict_items(self._items(obj), out, indent, allowance + 1, level + 1)
                out.append("}")
                return
            if t is list and obj:
                out.append("[")
                self._format_items(obj, out, indent, allowance + 1, level + 1)
                out.append("]")
                return
            if t is tuple and obj:
                end = ",)" if len(obj) == 1 else ")"
                out.append("(")
                self._format_items(obj, out, indent, allowance + len(end), level + 1)
                out.append(end)
                return
            if t is str and len(obj) > 1:
                self._format_str(obj, out, indent, allowance)
                return
        out.append(rep)

    def _format_str(self, s, out, indent, allowance):
        chunks = []
        width = self._width - indent - allowance - 2
        for line in s.splitlines(True):
            current = ""
            for word in _split_words(line):
                candidate = current + word
                if len(repr(candidate)) > width and current:
                    chunks.append(repr(current))
                    current = word
                else:
                    current = candidate
            if current:
                chunks.append(repr(current))
        if len(chunks) == 1:
            out.append(chunks[0])
            return
        out.append("(")
        out.append(("\n" + " " * (indent + 1)).join(chunks))
        out.append(")")

    def _format_dict_items(self, items, out, indent, allowance, level):
        indent += self._indent_per_level
        delimnl = ",\n" + " " * indent
        last_index = len(items) - 1
        for i, (key, ent) in enumerate(items):
            last = i == last_index
            rep = self._repr(key, level)
            out.append(rep)
            out.append(": ")
            self._format(ent, out, indent + len(rep) + 2, allowance if last else 1, level)
            if not last:
                out.append(delimnl)

    def _format_items(self, items, out, indent, allowance, level):
        indent += self._indent_per_level
        if self._indent_per_level > 1:
            out.append(" " * (self._indent_per_level - 1))
        delimnl = ",\n" + " " * indent
        delim = ""
        width = max_width = self._width - indent + 1
        items = list(items)
        for i, ent in enumerate(items):
            last = i == len(items) - 1
            if last:
                max_width -= allowance
                width -= allowance
            if self._compact:
                rep = self._repr(ent, level)
                w = len(rep) + 2
                if width < w:
                    width = max_width
                    if delim:
                        delim = delimnl
                if width >= w:
                    width -= w
                    out.append(delim)
                    delim = ", "
                    out.append(rep)
                    continue
            out.append(delim)
            delim = delimnl
            self._format(ent, out, indent, allowance if last else 1, level)

    def isreadable(self, obj):
        return True

    def isrecursive(self, obj):
        return False


def _split_words(line):
    words = []
    current = ""
    for c in line:
        current += c
        if c == " ":
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def pformat(obj, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    return PrettyPrinter(indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pformat(obj)


def pprint(obj, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True,
           underscore_numbers=False):
    PrettyPrinter(stream=stream, indent=indent, width=width, depth=depth, compact=compact,
                  sort_dicts=sort_dicts).pprint(obj)


def pp(obj, *args, sort_dicts=False, **kwargs):
    pprint(obj, *args, sort_dicts=sort_dicts, **kwargs)


def saferepr(obj):
    return PrettyPrinter()._repr(obj)


def isreadable(obj):
    return True


def isrecursive(obj):
    return False
