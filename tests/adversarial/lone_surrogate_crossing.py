# expect: ok
# A str holding a lone surrogate is not UTF-8, and a WIT string must be: each crossing
# (host-function arguments, keyword and function names, HTTP request parts) is a
# UnicodeError that code can catch, never a lost session.
import json
import host
import _http

s = json.loads('"\\ud800"')
assert len(s) == 1 and ord(s) == 0xD800
attempts = [
    lambda: host.echo(s),
    lambda: host.echo([1, {"k": ("x" + s,)}]),
    lambda: host.echo(**{s: 1}),
    lambda: getattr(host, "f" + s)(),
    lambda: _http.request("GET", "http", "127.0.0.1" + s, "/", [], None, None),
    lambda: _http.request("GET", "http", "127.0.0.1", "/" + s, [], None, None),
    lambda: _http.request("GET", "http", "127.0.0.1", "/", [("X-A" + s, "v")], None, None),
]
caught = 0
for attempt in attempts:
    try:
        attempt()
    except UnicodeError:
        caught += 1
assert caught == len(attempts), caught
print("caught", caught)
