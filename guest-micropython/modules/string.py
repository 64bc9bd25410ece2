# string: the character constants, capwords, Template and Formatter.

whitespace = " \t\n\r\x0b\x0c"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join(x.capitalize() for x in s.split(sep))


def _is_ident_start(c):
    return c == "_" or c.isalpha()


class Template:
    delimiter = "$"

    def __init__(self, template):
        self.template = template

    def _sub(self, mapping, safe):
        t = self.template
        d = self.delimiter
        out = []
        i = 0
        n = len(t)
        while i < n:
            c = t[i]
            if not t.startswith(d, i):
                out.append(c)
                i += 1
                continue
            j = i + len(d)
            if t.startswith(d, j):
                out.append(d)
                i = j + len(d)
                continue
            braced = j < n and t[j] == "{"
            k = j + 1 if braced else j
            e = k
            if e < n and _is_ident_start(t[e]):
                e += 1
                while e < n and (t[e] == "_" or t[e].isalpha() or t[e].isdigit()):
                    e += 1
            name = t[k:e]
            if not name or (braced and (e >= n or t[e] != "}")):
                if safe:
                    out.append(d)
                    i = j
                    continue
                line = t[:i].count("\n") + 1
                col = i - (t.rfind("\n", 0, i) + 1) + 1
                raise ValueError("Invalid placeholder in string: line %d, col %d" % (line, col))
            end = e + 1 if braced else e
            try:
                out.append(str(mapping[name]))
            except KeyError:
                if not safe:
                    raise
                out.append(t[i:end])
            i = end
        return "".join(out)

    def substitute(self, mapping=None, **kws):
        return self._sub(_merge(mapping, kws), False)

    def safe_substitute(self, mapping=None, **kws):
        return self._sub(_merge(mapping, kws), True)

    def get_identifiers(self):
        ids = []
        parts = self.template.split(self.delimiter)
        for p in parts[1:]:
            p = p[1:] if p.startswith("{") else p
            name = ""
            for c in p:
                if c == "_" or c.isalpha() or (name and c.isdigit()):
                    name += c
                else:
                    break
            if name and name not in ids:
                ids.append(name)
        return ids


def _merge(mapping, kws):
    if mapping is None:
        return kws
    if kws:
        merged = dict(mapping)
        merged.update(kws)
        return merged
    return mapping


class Formatter:
    def format(self, format_string, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)
