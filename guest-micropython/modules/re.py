# re: MicroPython's C regex engine (re1.5) behind CPython's module API: compile, search, match,
# fullmatch, findall, finditer, split, sub, subn, escape, Pattern and Match objects. Patterns
# are translated first: counted repetition {m,n}, named groups (?P<name>...) and the flags
# IGNORECASE and DOTALL; the engine does \b, lookahead and fixed-width lookbehind; what it
# cannot do (backreferences, MULTILINE) raises re.error.

import ure as _ure

A = ASCII = 256
I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
DEBUG = 128
NOFLAG = 0


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        super().__init__(msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c")


def escape(pattern):
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    return bytes(escape(pattern.decode("latin-1")), "latin-1")


def _atoms(p):
    # split a pattern into atoms: (text, kind) with kind "char", "class", "group", "op"
    out = []
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            out.append([p[i:i + 2], "char"])
            i += 2
        elif c == "[":
            j = i + 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            out.append([p[i:j + 1], "class"])
            i = j + 1
        elif c == "(":
            depth = 0
            j = i
            while j < n:
                if p[j] == "\\":
                    j += 2
                    continue
                if p[j] == "[":
                    j += 1
                    while j < n and p[j] != "]":
                        j += 2 if p[j] == "\\" else 1
                elif p[j] == "(":
                    depth += 1
                elif p[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append([p[i:j + 1], "group"])
            i = j + 1
        elif c in "?*+|^$)":
            out.append([c, "op"])
            i += 1
        elif c == "{":
            j = p.find("}", i)
            body = p[i + 1:j] if j > 0 else ""
            if j > 0 and body and all(ch.isdigit() or ch == "," for ch in body) and body[0] != ",":
                out.append([p[i:j + 1], "count"])
                i = j + 1
            else:
                out.append(["\\{", "char"])
                i += 1
        else:
            out.append([c, "char"])
            i += 1
    return out


def _uncapture(text):
    # a copy of a group that must not capture: (x) -> (?:x), inner groups too
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = i + 1
            while j < len(text) and text[j] != "]":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "(" and text[i + 1:i + 2] != "?":
            out.append("(?:")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _translate(p, flags, names):
    atoms = _atoms(p)
    out = []
    for k, (text, kind) in enumerate(atoms):
        if kind == "group":
            inner = text[1:-1]
            if inner.startswith("?P<"):
                end = inner.index(">")
                names.append(inner[3:end])
                text = "(" + _translate(inner[end + 1:], flags, names) + ")"
            elif inner.startswith("?:"):
                text = "(?:" + _translate(inner[2:], flags, names) + ")"
            elif inner[:2] in ("?=", "?!") or inner[:3] in ("?<=", "?<!"):
                k = 3 if inner[1] == "<" else 2
                text = "(" + inner[:k] + _translate(inner[k:], flags, names) + ")"
            elif inner.startswith("?"):
                raise error("backreferences and inline flags are not supported: %s" % text, p)
            else:
                names.append(None)
                text = "(" + _translate(inner, flags, names) + ")"
            out.append([text, kind])
        elif kind == "count":
            if not out:
                raise error("nothing to repeat", p)
            body = text[1:-1]
            lazy = k + 1 < len(atoms) and atoms[k + 1][0] == "?"
            lo, comma, hi = body.partition(",")
            lo = int(lo)
            prev = out.pop()[0]
            plain = _uncapture(prev)
            first = prev
            if lo:
                parts = [plain] * (lo - 1) + [prev]
                first = plain
            else:
                parts = []
            if comma and not hi:
                parts.append(first + "*")
            elif comma:
                hi = int(hi)
                if hi < lo:
                    raise error("min repeat greater than max repeat", p)
                tail = ""
                for i in range(hi - lo):
                    tail = "(?:" + (first if i == hi - lo - 1 else plain) + tail + ")?"
                parts.append(tail)
            out.append(["".join(parts), "char"])
            if lazy:
                atoms[k + 1][0] = ""
        elif kind == "char":
            if flags & IGNORECASE and text.isalpha() and len(text) == 1:
                text = "[%s%s]" % (text.lower(), text.upper())
            elif len(text) == 2 and text[1].isdigit():
                raise error("%s is not supported by this regex engine" % text, p)
            elif text == "\\A":
                text = "^"
            elif text == "\\Z":
                text = "$"
            elif text == "." and flags & DOTALL:
                text = "[\\s\\S]"
            out.append([text, kind])
        elif kind == "class":
            if flags & IGNORECASE:
                extra = ""
                body = text[1:-1]
                for c in body:
                    if c.isalpha():
                        extra += c.lower() if c.isupper() else c.upper()
                if extra and not body.startswith("^"):
                    text = "[" + body + extra + "]"
            out.append([text, kind])
        else:
            if text == ")":
                raise error("unbalanced parenthesis", p)
            out.append([text, kind])
    return "".join(t for t, _ in out)


class Pattern:
    def __init__(self, pattern, flags=0):
        if isinstance(pattern, Pattern):
            pattern = pattern.pattern
        self.pattern = pattern
        self.flags = flags
        names = []
        if flags & VERBOSE:
            pattern = _strip_verbose(pattern)
        translated = _translate(pattern, flags, names)
        self._names = names
        self.groups = len(self._names)
        self.groupindex = {n: i + 1 for i, n in enumerate(self._names) if isinstance(n, str)}
        try:
            self._re = _ure.compile(translated)
        except Exception:
            raise error("cannot compile %r with this regex engine" % (self.pattern,), self.pattern)
        self._multiline = flags & MULTILINE and ("^" in pattern or "$" in pattern)

    def __repr__(self):
        return "re.compile(%r)" % (self.pattern,)

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _search(self, string, pos, endpos, anchored):
        # the engine starts at pos and sees what is before it (for ^, \b, lookbehind); it
        # has no endpos, so the text is cut there
        end = len(string) if endpos is None else min(endpos, len(string))
        if self._multiline:
            return self._search_lines(string, pos, end, anchored)
        sub = string[:end] if end < len(string) else string
        m = self._re.match(sub, pos) if anchored else self._re.search(sub, pos)
        return Match(self, m, string, pos, endpos, 0) if m else None

    def _search_lines(self, string, pos, end, anchored):
        start = pos
        while start <= end:
            stop = string.find("\n", start, end)
            stop = end if stop < 0 else stop
            line = string[start:stop]
            m = self._re.match(line) if anchored else self._re.search(line)
            if m:
                return Match(self, m, string, pos, end, start)
            if anchored:
                return None
            start = stop + 1
        return None

    def search(self, string, pos=0, endpos=None):
        return self._search(string, pos, endpos, False)

    def match(self, string, pos=0, endpos=None):
        return self._search(string, pos, endpos, True)

    def fullmatch(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else endpos
        full = Pattern("(?:%s)$" % self.pattern, self.flags)
        m = full.match(string[:end], pos)
        if m is None:
            return None
        m.re = self
        return m

    def finditer(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else endpos
        while pos <= end:
            m = self._search(string, pos, endpos, False)
            if m is None:
                return
            yield m
            s, e = m.span()
            pos = e if e > s else e + 1

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group(0))
            elif self.groups == 1:
                out.append(m.group(1) or "")
            else:
                out.append(tuple(g or "" for g in m.groups()))
        return out

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            s, e = m.span()
            if s == e and (s == 0 or s == len(string)) and False:
                continue
            out.append(string[last:s])
            out.extend(m.groups())
            last = e
            n += 1
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            s, e = m.span()
            out.append(string[last:s])
            out.append(repl(m) if callable(repl) else m.expand(repl))
            last = e
            n += 1
        out.append(string[last:])
        return "".join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]


def _strip_verbose(p):
    out = []
    i = 0
    in_class = False
    while i < len(p):
        c = p[i]
        if c == "\\":
            out.append(p[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in " \t\n\r":
            i += 1
            continue
        elif c == "#":
            while i < len(p) and p[i] != "\n":
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


class Match:
    def __init__(self, pattern, m, string, pos, endpos, offset):
        self.re = pattern
        self._m = m
        self._off = offset
        self.string = string
        self.pos = pos
        self.endpos = len(string) if endpos is None else endpos

    def _index(self, g):
        if isinstance(g, str):
            try:
                return self.re.groupindex[g]
            except KeyError:
                raise IndexError("no such group")
        if not 0 <= g <= self.re.groups:
            raise IndexError("no such group")
        return g

    def group(self, *groups):
        if not groups:
            return self._m.group(0)
        if len(groups) == 1:
            return self._m.group(self._index(groups[0]))
        return tuple(self._m.group(self._index(g)) for g in groups)

    def __getitem__(self, g):
        return self.group(g)

    def groups(self, default=None):
        return tuple(default if v is None else v for v in (self._m.group(i) for i in range(1, self.re.groups + 1)))

    def groupdict(self, default=None):
        out = {}
        for name, i in self.re.groupindex.items():
            v = self._m.group(i)
            out[name] = default if v is None else v
        return out

    def span(self, group=0):
        g = self._index(group)
        if self._m.group(g) is None:
            return (-1, -1)
        s, e = self._m.span(g)
        return s + self._off, e + self._off

    def start(self, group=0):
        return self.span(group)[0]

    def end(self, group=0):
        return self.span(group)[1]

    @property
    def lastindex(self):
        last = None
        for i in range(1, self.re.groups + 1):
            if self._m.group(i) is not None:
                last = i
        return last

    def expand(self, template):
        out = []
        i = 0
        n = len(template)
        while i < n:
            c = template[i]
            if c != "\\" or i + 1 >= n:
                out.append(c)
                i += 1
                continue
            d = template[i + 1]
            if d.isdigit():
                j = i + 2
                if j < n and template[j].isdigit():
                    j += 1
                out.append(self.group(int(template[i + 1:j])) or "")
                i = j
            elif d == "g" and template[i + 2:i + 3] == "<":
                end = template.index(">", i)
                name = template[i + 3:end]
                out.append(self.group(int(name) if name.isdigit() else name) or "")
                i = end + 1
            else:
                out.append({"n": "\n", "t": "\t", "\\": "\\", "r": "\r"}.get(d, "\\" + d))
                i += 2
        return "".join(out)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group(0))


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        return pattern
    key = (pattern, flags)
    p = _cache.get(key)
    if p is None:
        if len(_cache) > 100:
            _cache.clear()
        p = _cache[key] = Pattern(pattern, flags)
    return p


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def purge():
    _cache.clear()
