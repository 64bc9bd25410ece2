from urllib.parse import urlparse, parse_qs, urlencode, quote, unquote

u = urlparse("https://user@example.com:8443/path/to/page?q=python+wasm&page=2#top")
print(u.scheme, u.netloc, u.hostname, u.port, u.path, u.query, u.fragment)
print(parse_qs(u.query))
print(urlencode({"q": "a b&c", "n": 1}))
print(quote("a b/c"), unquote("a%20b%2Fc"))
