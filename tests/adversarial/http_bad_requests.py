# expect: ok
# Malformed requests through the raw module and through requests: header injection,
# odd methods, schemes and authorities, wrong types, many requests. Each is a Python
# exception, never a trap, and no handle leaks (thousands of requests later it still works).
import requests, _http

def fails(f, *exceptions):
    try:
        f()
    except exceptions:
        return
    raise AssertionError("did not fail")

R = _http.request
fails(lambda: R("GET", "http", "example.com", "/", [("X-A", "a\r\nHost: evil")], None, None), _http.Error)
fails(lambda: R("GET", "http", "example.com", "/", [("Bad Name", "v")], None, None), _http.Error)
fails(lambda: R("GET", "gopher", "example.com", "/", [], None, None), _http.Error)
fails(lambda: R("GET", "http", "exa mple.com", "/", [], None, None), _http.Error)
fails(lambda: R("GET", "http", "example.com", "no-slash path", [], None, None), _http.Error)
fails(lambda: R("BAD METHOD", "http", "example.com", "/", [], None, None), _http.Error)
fails(lambda: R("GET", "http", "example.com", "/", [], None, -1), _http.Error)
fails(lambda: R("GET", "http", "example.com", "/", None, None, None), TypeError)
fails(lambda: R("GET", "http", "example.com", "/", [("a",)], None, None), ValueError, TypeError)
fails(lambda: R(1, 2, 3, 4, 5, 6, 7), TypeError)
fails(lambda: R("POST", "http", "example.com", "/", [], 12345, None), TypeError)
fails(lambda: requests.get("http://exa mple.com/"), requests.RequestException)
fails(lambda: requests.get(None), requests.RequestException)
fails(lambda: requests.post("http://example.com/", data=b"x" * 100000), requests.RequestException)

for i in range(3000):
    fails(lambda: R("POST", "http", "example.com", "/", [("a", "b")], b"body", 1.0), _http.Error)
fails(lambda: requests.get("http://example.com/"), requests.exceptions.RequestDenied)
