# urllib.parse: splitting, joining, quoting and query strings, as CPython does them.

_ALWAYS_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
uses_relative = ("", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
                 "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss")
uses_netloc = uses_relative + ("telnet", "snews", "rsync", "nfs", "git", "git+ssh")


class _NetlocMixin:
    @property
    def username(self):
        userinfo, have, _ = self.netloc.rpartition("@")
        return userinfo.partition(":")[0] if have else None

    @property
    def password(self):
        userinfo, have, _ = self.netloc.rpartition("@")
        if not have:
            return None
        user, has_pw, pw = userinfo.partition(":")
        return pw if has_pw else None

    def _hostport(self):
        host = self.netloc.rpartition("@")[2]
        if host.startswith("["):
            end = host.find("]")
            return host[1:end], host[end + 1:].partition(":")[2]
        h, _, p = host.partition(":")
        return h, p

    @property
    def hostname(self):
        h = self._hostport()[0]
        return h.lower() if h else None

    @property
    def port(self):
        p = self._hostport()[1]
        if not p:
            return None
        if not p.isdigit():
            raise ValueError("Port could not be cast to integer value as %r" % p)
        port = int(p)
        if not 0 <= port <= 65535:
            raise ValueError("Port out of range 0-65535")
        return port


from ucollections import namedtuple as _namedtuple


class SplitResult(_namedtuple("SplitResult", ("scheme", "netloc", "path", "query", "fragment")), _NetlocMixin):
    def geturl(self):
        return urlunsplit(self)

    def _replace(self, **kw):
        return SplitResult(*[kw.get(f, v) for f, v in zip(("scheme", "netloc", "path", "query", "fragment"), self)])


class ParseResult(_namedtuple("ParseResult", ("scheme", "netloc", "path", "params", "query", "fragment")), _NetlocMixin):
    def geturl(self):
        return urlunparse(self)

    def _replace(self, **kw):
        return ParseResult(*[kw.get(f, v) for f, v in zip(("scheme", "netloc", "path", "params", "query", "fragment"), self)])


def urlsplit(url, scheme="", allow_fragments=True):
    url = url.strip()
    netloc = query = fragment = ""
    i = url.find(":")
    if i > 0 and url[0].isalpha() and all(c.isalpha() or c.isdigit() or c in "+-." for c in url[:i]):
        scheme, url = url[:i].lower(), url[i + 1:]
    if url[:2] == "//":
        rest = url[2:]
        end = len(rest)
        for c in "/?#":
            k = rest.find(c)
            if k >= 0:
                end = min(end, k)
        netloc, url = rest[:end], rest[end:]
    if allow_fragments and "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    return SplitResult(scheme, netloc, url, query, fragment)


def urlparse(url, scheme="", allow_fragments=True):
    s = urlsplit(url, scheme, allow_fragments)
    path, params = s.path, ""
    if s.scheme in uses_relative or not s.scheme:
        if ";" in path:
            i = path.rfind("/")
            k = path.find(";", i if i >= 0 else 0)
            if k >= 0:
                path, params = path[:k], path[k + 1:]
    return ParseResult(s.scheme, s.netloc, path, params, s.query, s.fragment)


def urlunsplit(components):
    scheme, netloc, url, query, fragment = components
    if netloc or (scheme and scheme in uses_netloc and url[:2] != "//"):
        if url and url[:1] != "/":
            url = "/" + url
        url = "//" + (netloc or "") + url
    if scheme:
        url = scheme + ":" + url
    if query:
        url = url + "?" + query
    if fragment:
        url = url + "#" + fragment
    return url


def urlunparse(components):
    scheme, netloc, url, params, query, fragment = components
    if params:
        url = "%s;%s" % (url, params)
    return urlunsplit((scheme, netloc, url, query, fragment))


def urljoin(base, url, allow_fragments=True):
    if not base:
        return url
    if not url:
        return base
    b = urlparse(base, "", allow_fragments)
    u = urlparse(url, b.scheme, allow_fragments)
    scheme = u.scheme or b.scheme
    if scheme != b.scheme or scheme not in uses_relative:
        return url
    if u.scheme and u.scheme == b.scheme and u.netloc:
        return urlunparse(u)
    if u.netloc:
        return urlunparse((scheme,) + tuple(u)[1:])
    netloc = b.netloc
    if not u.path and not u.params:
        return urlunparse((scheme, netloc, b.path, b.params, u.query or b.query, u.fragment))
    base_parts = b.path.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]
    if u.path[:1] == "/":
        segments = u.path.split("/")
    else:
        segments = base_parts + u.path.split("/")
        segments[1:-1] = [s for s in segments[1:-1] if s]
    resolved = []
    for seg in segments:
        if seg == "..":
            try:
                resolved.pop()
            except IndexError:
                pass
        elif seg == ".":
            continue
        else:
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    path = "/".join(resolved) or "/"
    if not path.startswith("/"):
        path = "/" + path
    return urlunparse((scheme, netloc, path, u.params, u.query, u.fragment))


def quote(string, safe="/", encoding=None, errors=None):
    if isinstance(string, str):
        string = string.encode(encoding or "utf-8")
    if isinstance(safe, str):
        safe = safe.encode("ascii")
    out = []
    for b in string:
        if b in _ALWAYS_SAFE or b in safe:
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def quote_plus(string, safe="", encoding=None, errors=None):
    if (isinstance(string, str) and " " not in string) or (isinstance(string, bytes) and b" " not in string):
        return quote(string, safe, encoding, errors)
    if isinstance(safe, str):
        safe += " "
    else:
        safe += b" "
    return quote(string, safe, encoding, errors).replace(" ", "+")


def quote_from_bytes(bs, safe="/"):
    return quote(bs, safe)


def unquote_to_bytes(string):
    if isinstance(string, str):
        string = string.encode("utf-8")
    parts = string.split(b"%")
    out = bytearray(parts[0])
    for part in parts[1:]:
        try:
            out.append(int(part[:2], 16))
            out.extend(part[2:])
        except ValueError:
            out.extend(b"%" + part)
    return bytes(out)


def unquote(string, encoding="utf-8", errors="replace"):
    if "%" not in string:
        return string
    return unquote_to_bytes(string).decode(encoding, errors)


def unquote_plus(string, encoding="utf-8", errors="replace"):
    return unquote(string.replace("+", " "), encoding, errors)


def parse_qsl(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace",
              max_num_fields=None, separator="&"):
    pairs = []
    for field in qs.split(separator):
        if not field:
            continue
        name, has_eq, value = field.partition("=")
        if not has_eq and strict_parsing:
            raise ValueError("bad query field: %r" % (field,))
        if value or keep_blank_values:
            pairs.append((unquote_plus(name, encoding, errors), unquote_plus(value, encoding, errors)))
    return pairs


def parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace",
             max_num_fields=None, separator="&"):
    result = {}
    for name, value in parse_qsl(qs, keep_blank_values, strict_parsing, encoding, errors, max_num_fields, separator):
        result.setdefault(name, []).append(value)
    return result


def urlencode(query, doseq=False, safe="", encoding=None, errors=None, quote_via=quote_plus):
    if hasattr(query, "items"):
        query = query.items()
    out = []
    for k, v in query:
        k = quote_via(k if isinstance(k, (str, bytes)) else str(k), safe)
        if doseq and isinstance(v, (list, tuple)):
            for item in v:
                out.append(k + "=" + quote_via(item if isinstance(item, (str, bytes)) else str(item), safe))
        else:
            out.append(k + "=" + quote_via(v if isinstance(v, (str, bytes)) else str(v), safe))
    return "&".join(out)


def urldefrag(url):
    if "#" in url:
        s = urlparse(url)
        return urlunparse(s[:5] + ("",)), s.fragment
    return url, ""
