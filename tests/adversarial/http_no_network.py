# expect: ok
# No allow-list: every way of spelling a host, the metadata service and loopback included,
# is refused before anything is sent, and the refusal names the host.
import requests, _http

targets = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://[::ffff:169.254.169.254]/",
    "http://127.0.0.1:22/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "https://example.com/",
    "http://example.com:443/",
]
for url in targets:
    try:
        requests.get(url, timeout=1)
        raise AssertionError("not denied: " + url)
    except requests.exceptions.RequestDenied as e:
        host = url.split("/")[2]
        assert host in str(e), (host, str(e))

# The raw module: the same, whatever the Host header says.
for authority in ["example.com", "evil.example:8080", "[::1]:80"]:
    try:
        _http.request("GET", "http", authority, "/", [("Host", "allowed.example")], None, None)
        raise AssertionError("not denied: " + authority)
    except _http.Error as e:
        assert e.args[0] == "denied", e.args
