//! `mpsandbox-http.wasm` under the real `wasmtime serve` (as `cargo xtask compose` installs
//! and configures it in `serve.json`), on 127.0.0.1, with real HTTP requests.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::compose_dir;

/// A running `wasmtime serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let launch = compose_dir().join("serve.json");
        let text = std::fs::read_to_string(&launch).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): run cargo xtask compose",
                launch.display()
            )
        });
        let launch: Value = serde_json::from_str(&text).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let args: Vec<&str> = launch["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let mut child = Command::new(launch["wasmtime"].as_str().unwrap())
            .args(&args)
            .arg(format!("--addr=127.0.0.1:{port}"))
            .env("RUST_LIB_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wasmtime serve starts");
        // Compiling the component takes a moment on a busy machine.
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = child.try_wait().unwrap() {
                let mut stderr = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut stderr)
                    .unwrap();
                panic!("wasmtime serve exited ({status}): {stderr}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "wasmtime serve is not listening after 120 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Sends `method path` with `body`; gives the status and the body as JSON.
    fn send(&self, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
        let (status, text) = self.send_text(method, path, body);
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
    }

    /// Sends `method path` with `body`; gives the status and the body's text.
    fn send_text(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let url = format!("{}{path}", self.base);
        let response = match method {
            "POST" => agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body),
            "GET" => agent.get(&url).call(),
            other => panic!("no {other}"),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.into_body().read_to_string().unwrap())
    }

    /// POSTs `request` (JSON) to `/exec`.
    fn exec(&self, request: Value) -> (u16, Value) {
        self.send("POST", "/exec", request.to_string().as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The one result of a one-snippet request that answered 200.
#[track_caller]
fn only(response: (u16, Value)) -> Value {
    assert_eq!(response.0, 200, "{}", response.1);
    let results = response.1.as_array().expect("an array of results");
    assert_eq!(results.len(), 1, "{results:?}");
    results[0].clone()
}

#[test]
fn serve_runs_code_and_reports_like_the_cli() {
    let server = Server::start();
    let result = only(server.exec(json!({"code": "print(1+1)"})));
    assert_eq!(result["stdout"], "2\n");
    assert_eq!(result["stderr"], "");
    assert_eq!(result["stdout_truncated"], false);
    assert_eq!(result["error"], Value::Null);
    assert!(result["usage"]["wall_ms"].as_f64().unwrap() >= 0.0);

    // Snippets share one interpreter; the first failure ends the run.
    let (status, body) = server.exec(json!({
        "snippets": ["x = 6 * 7", "x", "import sys; print('oops', file=sys.stderr); 1/0", "print('never')"]
    }));
    assert_eq!(status, 200);
    let results = body.as_array().unwrap();
    assert_eq!(results.len(), 3, "{body}");
    assert_eq!(results[1]["value"], 42);
    assert_eq!(results[1]["repr"], "42");
    assert_eq!(results[2]["stderr"], "oops\n");
    assert_eq!(results[2]["error"]["kind"], "exception");
    assert_eq!(results[2]["error"]["type"], "ZeroDivisionError");
    let traceback = results[2]["error"]["traceback"].as_str().unwrap();
    assert!(traceback.contains("ZeroDivisionError"), "{traceback}");

    // Values as the CLI writes them: integers exact, non-str keys as JSON text.
    let (status, text) = server.send_text(
        "POST",
        "/exec",
        json!({"code": "{'big': 2**70, 1: [1.5, None, b'\\x01']}"})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(r#""big":1180591620717411303424"#), "{text}");
    assert!(text.contains(r#""1":[1.5,null,[1]]"#), "{text}");
    let result = only(server.exec(json!({"code": "def f(:\n  pass"})));
    assert_eq!(result["error"]["kind"], "syntax");
    assert_eq!(result["error"]["type"], "SyntaxError");
    assert_eq!(result["error"]["line"], 1);
    assert_eq!(result["error"]["text"], "def f(:");
    let result = only(server.exec(json!({"code": "import sys; sys.exit(3)"})));
    assert_eq!(result["error"], json!({"kind": "exit", "code": 3}));

    // The provider's host functions, and its outbound-HTTP policy.
    let result = only(
        server.exec(json!({"code": "import host; host.echo([1, 'a']), host.time_left() > 0"})),
    );
    assert_eq!(result["value"], json!([[1, "a"], true]));
    let result = only(server.exec(json!({
        "code": "import requests\ntry:\n    requests.get('http://127.0.0.1:9/')\nexcept requests.exceptions.RequestDenied:\n    print('denied')"
    })));
    assert_eq!(result["stdout"], "denied\n");

    // A seed makes `random` repeat; each request starts a fresh interpreter.
    let draw = |seed: u64| {
        only(server.exec(json!({"code": "import random; random.getrandbits(30)", "seed": seed})))["value"].clone()
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(draw(7), draw(8));
    let result = only(server.exec(json!({"code": "'x' in globals()"})));
    assert_eq!(result["value"], false);
}

#[test]
fn serve_refuses_bad_requests_with_json_errors() {
    let server = Server::start();
    let bad = |body: &[u8], expect: &str| {
        let (status, answer) = server.send("POST", "/exec", body);
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["error"]["kind"], "bad_request", "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(expect),
            "{message:?} should contain {expect:?}"
        );
    };
    bad(b"{not json", "not JSON");
    bad(b"[1, 2]", "JSON object");
    bad(b"\xff\xfe{}", "not UTF-8");
    bad(br#"{"code": "1", "cmd": 2}"#, "unknown field 'cmd'");
    bad(br#"{}"#, "exactly one of");
    bad(br#"{"code": "1", "snippets": ["2"]}"#, "exactly one of");
    bad(br#"{"code": 5}"#, "'code' must be a string");
    bad(br#"{"snippets": []}"#, "non-empty list");
    bad(br#"{"snippets": ["1", 2]}"#, "non-empty list");
    bad(br#"{"code": "1", "timeout_ms": 0}"#, "timeout_ms");
    bad(br#"{"code": "1", "timeout_ms": 60000}"#, "timeout_ms");
    bad(br#"{"code": "1", "seed": -1}"#, "seed");

    let (status, answer) = server.send("GET", "/exec", b"");
    assert_eq!(status, 405, "{answer}");
    assert_eq!(answer["error"]["kind"], "method_not_allowed");
    let (status, answer) = server.send("POST", "/other", b"{}");
    assert_eq!(status, 404, "{answer}");
    assert_eq!(answer["error"]["kind"], "not_found");
    let huge = format!(r#"{{"code": "{}"}}"#, "x".repeat(2 << 20));
    let (status, answer) = post_raw(&server.base, "/exec", huge.as_bytes());
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"]["kind"], "too_large");

    // The service is unharmed.
    let result = only(server.exec(json!({"code": "print('still here')"})));
    assert_eq!(result["stdout"], "still here\n");
}

#[test]
fn serve_stops_runaway_code() {
    let server = Server::start();
    // The budget's soft stop: a limit error, and the request is answered.
    let result = only(server.exec(json!({"code": "while True:\n    pass", "timeout_ms": 300})));
    assert_eq!(result["error"]["kind"], "limit", "{result}");
    assert_eq!(result["error"]["limit"], "time");
    assert_eq!(result["error"]["value"], 300);
    assert!(result["error"]["used"].as_u64().unwrap() >= 300);
    assert_eq!(result["error"]["exception"]["type"], "KeyboardInterrupt");

    // Memory past wasmtime serve's cap is a MemoryError.
    let result = only(server.exec(json!({"code": "x = bytearray(1 << 30)"})));
    assert_eq!(result["error"]["type"], "MemoryError", "{result}");

    // Output past the cap is dropped and flagged.
    let result = only(server.exec(json!({
        "code": "for i in range(1100): print('x' * 1000)",
        "timeout_ms": 10000
    })));
    assert_eq!(result["stdout_truncated"], true, "{}", result["error"]);
    assert_eq!(result["stdout"].as_str().unwrap().len(), 1 << 20);

    // Code that swallows the stop either still meets it (the guest raises it again at every
    // poll, and once it lands outside every handler the request ends with the time limit),
    // or is trapped by wasmtime serve's own timeout: no JSON then, a 500 from wasmtime.
    let swallow = std::path::Path::new(crate::TESTS_DIR).join("adversarial/catch_everything.py");
    let code = std::fs::read_to_string(swallow).unwrap();
    let (status, answer) = server.exec(json!({"code": code, "timeout_ms": 100}));
    match status {
        500 => {}
        200 => assert_eq!(
            only((status, answer.clone()))["error"]["limit"],
            "time",
            "{answer}"
        ),
        other => panic!("status {other}: {answer}"),
    }

    // Other requests are unaffected.
    let result = only(server.exec(json!({"code": "1 + 1"})));
    assert_eq!(result["value"], 2);
}

#[test]
fn serve_answers_concurrent_requests() {
    let server = Server::start();
    std::thread::scope(|scope| {
        let server = &server;
        let handles: Vec<_> = (0..16)
            .map(|i| {
                scope.spawn(move || {
                    for j in 0..4 {
                        let n = i * 10 + j;
                        let (status, body) = server.exec(json!({
                            "snippets": [format!("n = {n}"), "print(n * n); n"]
                        }));
                        assert_eq!(status, 200, "{body}");
                        assert_eq!(body[1]["stdout"], format!("{}\n", n * n));
                        assert_eq!(body[1]["value"], n);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    });
}

/// POSTs `body` over a plain connection, reading the answer even when the server answers and
/// stops reading before the body is all sent (as it may for a body over its size limit: an
/// HTTP client library then reports the broken pipe instead of the answer).
fn post_raw(base: &str, path: &str, body: &[u8]) -> (u16, Value) {
    use std::io::Write;
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(authority).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    // Writing may fail once the server has answered: what it answered is read below.
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body));
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let json = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .and_then(|body| {
            // A chunked body: the JSON is between the first chunk size and its end.
            let start = body.find('{')?;
            let end = body.rfind('}')?;
            serde_json::from_str(&body[start..=end]).ok()
        })
        .unwrap_or_else(|| panic!("no JSON in {text:?}"));
    (status, json)
}
