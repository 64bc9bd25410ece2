from urllib.parse import urljoin, urlsplit, urlunparse, quote_plus, parse_qsl

print(urljoin("http://a/b/c/d", "../e"), urljoin("http://a/b/", "x?y=1"))
s = urlsplit("http://h:81/p?q=1")
print(s.port, s.path, s.query)
print(quote_plus("a b&c=d"), parse_qsl("a=1&b=2&a=3"))
print(urlunparse(("https", "example.com", "/x", "", "k=v", "")))
