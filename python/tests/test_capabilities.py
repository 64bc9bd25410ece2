"""Capabilities: directory grants, HTTP to allowed hosts, deterministic mode, streaming."""

import http.server
import json
import sys
import threading

import pytest

import mpsandbox


def test_read_only_grant(tmp_path, sandbox):
    (tmp_path / "in.txt").write_text("data")
    with sandbox.session(dirs=[str(tmp_path)]) as s:
        assert s.exec("open('/data/in.txt').read()").value == "data"
        out = s.exec("try:\n    open('/data/new.txt', 'w')\nexcept OSError as e:\n    print('refused')")
        assert out.stdout == "refused\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_read_write_grant(tmp_path, sandbox):
    with sandbox.session(dirs=[(tmp_path, "/out", "rw")]) as s:
        s.exec("with open('/out/result.txt', 'w') as f:\n    f.write('written')")
    assert (tmp_path / "result.txt").read_text() == "written"


def test_no_escape_from_a_grant(tmp_path, sandbox):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    with sandbox.session(dirs=[f"{inner}:/data:rw"]) as s:
        out = s.exec("try:\n    open('/data/../secret.txt').read()\nexcept OSError:\n    print('no')")
        assert out.stdout == "no\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_http_to_an_allowed_local_server(sandbox, server):
    with sandbox.session(allow_http=f"127.0.0.1:{server}", http_timeout=5) as s:
        out = s.exec(f"import requests\nr = requests.get('http://127.0.0.1:{server}/items', params={{'q': 'x'}})\n[r.status_code, r.json()]")
        assert out.value == [200, {"path": "/items?q=x"}]


def test_http_denied_without_allow_list(sandbox, server):
    with sandbox.session() as s:
        with pytest.raises(mpsandbox.SandboxException) as error:
            s.exec(f"import requests\nrequests.get('http://127.0.0.1:{server}/')")
        assert error.value.type_name == "RequestDenied"


def test_deterministic_mode(sandbox):
    code = "import random, time\n[random.random(), time.time()]"
    with sandbox.session(seed=7) as a, sandbox.session(seed=7) as b:
        assert a.exec(code).value == b.exec(code).value


def test_streaming_output(sandbox):
    chunks = []
    with sandbox.session(on_output=lambda stream, text: chunks.append((stream, text))) as s:
        out = s.exec("import sys\nprint('one')\nsys.stderr.write('two')\nprint('é' * 3)")
    assert "".join(t for k, t in chunks if k == "stdout") == out.stdout == "one\néé\u00e9\n"
    assert "".join(t for k, t in chunks if k == "stderr") == "two"


def test_streaming_callback_error_does_not_break_the_run(sandbox, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: reported.append(info.exc_value))

    def broken(stream, text):
        raise RuntimeError("callback failed")

    with sandbox.session(on_output=broken) as s:
        assert s.exec("print('x')\n7").value == 7
    assert reported and {str(e) for e in reported} == {"callback failed"}
