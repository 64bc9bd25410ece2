# requests for the mpsandbox: the common subset of the well-known API over wasi:http
# (the _http module). The host checks every request, redirect hops included, against its
# allow-list, and enforces a timeout and a response-size cap.
#
#     import requests
#     r = requests.get("https://api.example.com/items", params={"q": "x"}, timeout=5)
#     r.raise_for_status()
#     r.json()

import json as _json
import _http
from requests import exceptions
from requests.exceptions import (
    RequestException,
    ConnectionError,
    RequestDenied,
    HTTPError,
    Timeout,
    ConnectTimeout,
    ReadTimeout,
    TooManyRedirects,
    ContentTooLarge,
    InvalidURL,
    MissingSchema,
    InvalidSchema,
    InvalidHeader,
    JSONDecodeError,
)

__version__ = "2.32.0-mpsandbox"

DEFAULT_REDIRECT_LIMIT = 30

_ERRORS = {
    "denied": RequestDenied,
    "connect_timeout": ConnectTimeout,
    "read_timeout": ReadTimeout,
    "too_large": ContentTooLarge,
    "invalid": InvalidURL,
    "connection": ConnectionError,
}

_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
    301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
    307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
    501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}

_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"


def _quote(value, safe=b""):
    if not isinstance(value, (str, bytes)):
        value = str(value)
    if isinstance(value, str):
        value = value.encode()
    out = []
    for b in value:
        if b in _SAFE or b in safe:
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def _pairs(data):
    if hasattr(data, "items"):
        data = data.items()
    for key, value in data:
        if isinstance(value, (list, tuple)):
            for v in value:
                yield key, v
        elif value is not None:
            yield key, value


def _urlencode(data):
    return "&".join(_quote(k) + "=" + _quote(v) for k, v in _pairs(data))


def _text(data):
    try:
        return str(data, "utf-8")
    except UnicodeError:
        return "".join(chr(b) for b in data)


class _Closing:
    # close() and `with`: nothing stays open between requests.
    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass


class CaseInsensitiveDict:
    """Headers: a dict whose keys compare without case; the last spelling set is kept."""

    def __init__(self, data=None, **kwargs):
        self._store = {}
        if data is not None:
            self.update(data)
        self.update(kwargs)

    def update(self, data):
        items = data.items() if hasattr(data, "items") else data
        for key, value in items:
            self[key] = value

    def __setitem__(self, key, value):
        self._store[key.lower()] = (key, value)

    def __getitem__(self, key):
        return self._store[key.lower()][1]

    def __delitem__(self, key):
        del self._store[key.lower()]

    def __contains__(self, key):
        return isinstance(key, str) and key.lower() in self._store

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def pop(self, key, *default):
        try:
            return self._store.pop(key.lower())[1]
        except KeyError:
            if default:
                return default[0]
            raise

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def __iter__(self):
        return iter([k for k, _ in self._store.values()])

    def __len__(self):
        return len(self._store)

    def keys(self):
        return [k for k, _ in self._store.values()]

    def values(self):
        return [v for _, v in self._store.values()]

    def items(self):
        return list(self._store.values())

    def copy(self):
        return CaseInsensitiveDict(self.items())

    def __eq__(self, other):
        if hasattr(other, "items"):
            other = CaseInsensitiveDict(other)
            return {k: v for k, (_, v) in self._store.items()} == {
                k: v for k, (_, v) in other._store.items()
            }
        return NotImplemented

    def __repr__(self):
        return repr(dict(self.items()))


class Response(_Closing):
    """The response to a request."""

    def __init__(self):
        self.status_code = None
        self.headers = CaseInsensitiveDict()
        self.content = b""
        self.url = None
        self.history = []
        self.encoding = None
        self.reason = ""
        self.request = None

    @property
    def ok(self):
        return self.status_code < 400

    @property
    def is_redirect(self):
        return "location" in self.headers and self.status_code in (301, 302, 303, 307, 308)

    @property
    def text(self):
        encoding = self.encoding or "utf-8"
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "ascii", "us-ascii"):
            return _text(self.content)
        return "".join(chr(b) for b in self.content)

    def json(self, **kwargs):
        try:
            return _json.loads(self.text)
        except ValueError as e:
            raise JSONDecodeError("invalid JSON in the response from %s: %s" % (self.url, e), response=self)

    def raise_for_status(self):
        kind = "Client" if 400 <= self.status_code < 500 else "Server"
        if 400 <= self.status_code < 600:
            raise HTTPError(
                "%d %s Error: %s for url: %s" % (self.status_code, kind, self.reason, self.url),
                response=self,
            )

    def iter_content(self, chunk_size=1, decode_unicode=False):
        data = self.text if decode_unicode else self.content
        step = chunk_size or len(data) or 1
        for i in range(0, len(data), step):
            yield data[i : i + step]

    def iter_lines(self, chunk_size=512, decode_unicode=False, delimiter=None):
        data = self.text if decode_unicode else self.content
        lines = data.split(delimiter) if delimiter else data.splitlines()
        for line in lines:
            yield line

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return "<Response [%d]>" % self.status_code


def _split_url(url):
    """(scheme, authority, path_and_query) of an absolute http(s) URL."""
    if not isinstance(url, str):
        if isinstance(url, bytes):
            url = _text(url)
        else:
            raise InvalidURL("Invalid URL %r: not a string" % (url,))
    url = url.strip()
    if "://" not in url:
        raise MissingSchema(
            "Invalid URL %r: No scheme supplied. Perhaps you meant https://%s?" % (url, url)
        )
    scheme, rest = url.split("://", 1)
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidSchema("No connection adapters were found for %r" % url)
    rest = rest.split("#", 1)[0]
    cut = len(rest)
    for sep in "/?":
        i = rest.find(sep)
        if i >= 0 and i < cut:
            cut = i
    authority, path = rest[:cut], rest[cut:]
    if "@" in authority:
        raise InvalidURL("Invalid URL %r: user information in URLs is not supported" % url)
    if not authority or any(c in authority for c in " \t\r\n\\"):
        raise InvalidURL("Invalid URL %r: No host supplied" % url)
    if not path.startswith("/"):
        path = "/" + path
    path = "".join(c if 0x20 < ord(c) < 0x7F else _quote(c) for c in path)
    return scheme, authority, path


def _join(base, location):
    """The absolute URL of a redirect's Location, relative to base."""
    if "://" in location.split("?", 1)[0]:
        return location
    scheme, authority, path = _split_url(base)
    if location.startswith("//"):
        return scheme + ":" + location
    if location.startswith("/"):
        return "%s://%s%s" % (scheme, authority, location)
    if location.startswith("?"):
        return "%s://%s%s%s" % (scheme, authority, path.split("?", 1)[0], location)
    folder = path.split("?", 1)[0].rsplit("/", 1)[0]
    return "%s://%s%s/%s" % (scheme, authority, folder, location)


def _timeout(timeout):
    if isinstance(timeout, (tuple, list)):
        values = [t for t in timeout if t is not None]
        return max(values) if values else None
    return timeout


def _send(method, url, headers, body, timeout):
    scheme, authority, path = _split_url(url)
    pairs = [(k, str(v)) for k, v in headers.items() if v is not None]
    try:
        status, raw_headers, content = _http.request(
            method, scheme, authority, path, pairs, body, _timeout(timeout)
        )
    except _http.Error as e:
        kind, message = e.args
        raise _ERRORS.get(kind, ConnectionError)(message)
    response = Response()
    response.status_code = status
    response.reason = _REASONS.get(status, "")
    for name, value in raw_headers:
        value = _text(value)
        if name in response.headers:
            value = response.headers[name] + ", " + value
        response.headers[name] = value
    response.content = content
    response.url = url
    content_type = response.headers.get("content-type", "")
    if "charset=" in content_type:
        response.encoding = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
    elif content_type.startswith("text/") or "json" in content_type:
        response.encoding = "utf-8"
    return response


def request(
    method,
    url,
    params=None,
    data=None,
    headers=None,
    cookies=None,
    files=None,
    auth=None,
    timeout=None,
    allow_redirects=True,
    proxies=None,
    hooks=None,
    stream=None,
    verify=None,
    cert=None,
    json=None,
):
    """Sends a request and returns its Response (redirects followed unless told not to)."""
    if files is not None or proxies or cert is not None:
        raise NotImplementedError("files, proxies and cert are not supported in the sandbox")
    method = str(method).upper()
    if params:
        query = params if isinstance(params, str) else _urlencode(params)
        fragment_free = url.split("#", 1)[0]
        url = fragment_free + ("&" if "?" in fragment_free else "?") + query
    all_headers = CaseInsensitiveDict(
        {"User-Agent": "python-requests/2.32 (mpsandbox)", "Accept": "*/*", "Accept-Encoding": "identity"}
    )
    if headers:
        all_headers.update(headers)
    body = None
    if json is not None and data is None:
        body = _json.dumps(json).encode()
        all_headers.setdefault("Content-Type", "application/json")
    elif isinstance(data, (dict, list, tuple)):
        body = _urlencode(data).encode()
        all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif isinstance(data, str):
        body = data.encode()
    elif data is not None:
        body = bytes(data)
    if auth is not None:
        import binascii

        user, password = auth
        token = binascii.b2a_base64(("%s:%s" % (user, password)).encode()).strip()
        all_headers["Authorization"] = "Basic " + token.decode()
    if cookies:
        all_headers["Cookie"] = "; ".join("%s=%s" % kv for kv in _pairs(cookies))
    if body is not None:
        all_headers["Content-Length"] = str(len(body))
    elif method in ("POST", "PUT", "PATCH"):
        all_headers["Content-Length"] = "0"

    history = []
    while True:
        response = _send(method, url, all_headers, body, timeout)
        if not (allow_redirects and response.is_redirect):
            break
        if len(history) >= DEFAULT_REDIRECT_LIMIT:
            raise TooManyRedirects("Exceeded %d redirects." % DEFAULT_REDIRECT_LIMIT, response=response)
        history.append(response)
        previous = _split_url(url)[1].lower()
        url = _join(url, response.headers["location"])
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            if method != "HEAD":
                method = "GET"
            body = None
            for name in ("Content-Length", "Content-Type"):
                all_headers.pop(name, None)
        if _split_url(url)[1].lower() != previous:
            all_headers.pop("Authorization", None)
            all_headers.pop("Cookie", None)
    response.history = history
    return response


def get(url, params=None, **kwargs):
    return request("GET", url, params=params, **kwargs)


def head(url, **kwargs):
    kwargs.setdefault("allow_redirects", False)
    return request("HEAD", url, **kwargs)


def options(url, **kwargs):
    return request("OPTIONS", url, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request("POST", url, data=data, json=json, **kwargs)


def put(url, data=None, **kwargs):
    return request("PUT", url, data=data, **kwargs)


def patch(url, data=None, **kwargs):
    return request("PATCH", url, data=data, **kwargs)


def delete(url, **kwargs):
    return request("DELETE", url, **kwargs)


class Session(_Closing):
    """A requests.Session: default headers, params and auth for its requests."""

    def __init__(self):
        self.headers = CaseInsensitiveDict()
        self.params = {}
        self.auth = None

    def request(self, method, url, **kwargs):
        headers = self.headers.copy()
        if kwargs.get("headers"):
            headers.update(kwargs["headers"])
        kwargs["headers"] = headers
        if self.params:
            params = dict(self.params)
            params.update(kwargs.get("params") or {})
            kwargs["params"] = params
        if self.auth is not None and kwargs.get("auth") is None:
            kwargs["auth"] = self.auth
        return request(method, url, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)

    def head(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)



def session():
    return Session()
