# html: escape and unescape (named entities of everyday text, and numeric ones).

_ENTITIES = {
    "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0", "copy": "\xa9",
    "reg": "\xae", "trade": "\u2122", "hellip": "\u2026", "mdash": "\u2014", "ndash": "\u2013",
    "lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d", "euro": "\u20ac",
    "pound": "\xa3", "yen": "\xa5", "cent": "\xa2", "sect": "\xa7", "deg": "\xb0", "plusmn": "\xb1",
    "times": "\xd7", "divide": "\xf7", "middot": "\xb7", "para": "\xb6", "laquo": "\xab",
    "raquo": "\xbb", "bull": "\u2022", "larr": "\u2190", "rarr": "\u2192", "uarr": "\u2191",
    "darr": "\u2193", "eacute": "\xe9", "egrave": "\xe8", "agrave": "\xe0", "aacute": "\xe1",
    "uuml": "\xfc", "ouml": "\xf6", "auml": "\xe4", "szlig": "\xdf", "ccedil": "\xe7",
    "ntilde": "\xf1", "iexcl": "\xa1", "iquest": "\xbf", "frac12": "\xbd", "frac14": "\xbc",
    "hearts": "\u2665", "micro": "\xb5", "shy": "\xad", "Eacute": "\xc9", "Uuml": "\xdc",
    "Ouml": "\xd6", "Auml": "\xc4",
}


def escape(s, quote=True):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;").replace("'", "&#x27;")
    return s


def unescape(s):
    if "&" not in s:
        return s
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "&":
            out.append(c)
            i += 1
            continue
        j = i + 1
        if j < n and s[j] == "#":
            j += 1
            hexa = j < n and s[j] in "xX"
            if hexa:
                j += 1
            start = j
            while j < n and (s[j] in "0123456789abcdefABCDEF" if hexa else s[j].isdigit()):
                j += 1
            if j > start:
                code = int(s[start:j], 16 if hexa else 10)
                if j < n and s[j] == ";":
                    j += 1
                try:
                    out.append(chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd")
                except ValueError:
                    out.append("\ufffd")
                i = j
                continue
            out.append("&")
            i += 1
            continue
        start = j
        while j < n and (s[j].isalpha() or s[j].isdigit()):
            j += 1
        name = s[start:j]
        if name in _ENTITIES:
            if j < n and s[j] == ";":
                j += 1
            out.append(_ENTITIES[name])
            i = j
            continue
        out.append("&")
        i += 1
    return "".join(out)
