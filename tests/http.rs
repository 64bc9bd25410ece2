//! Outbound HTTP: Python's `requests` over wasi:http against a real server on 127.0.0.1,
//! granted and denied.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{cli, engine, eval, exec, exec_err};
use mpsandbox::{Error, LimitKind, Session, Value};

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

/// A small HTTP/1.1 server on 127.0.0.1, one thread per connection, that records what it
/// receives. Paths: `/json` (echo as JSON), `/status/N`, `/redirect?to=URL` (302),
/// `/see-other` (303 to /json), `/big/N` (N bytes with Content-Length), `/chunked/N` (N
/// bytes, chunked), `/hang` (never answers), `/drip` (promises 1000 bytes, sends 1).
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (c, s) = (connections.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &s);
                });
            }
        });
        Server {
            port,
            connections,
            seen,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn authority(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn last(&self) -> Seen {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request")
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            headers
                .entry(name)
                .and_modify(|v: &mut String| {
                    v.push_str(" | ");
                    v.push_str(&value)
                })
                .or_insert(value);
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = Seen {
        method,
        target: target.clone(),
        headers,
        body,
    };
    seen.lock().unwrap().push(request.clone());
    let mut out = stream;
    let respond = |out: &mut TcpStream, status: &str, extra: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
            body.len()
        );
        out.write_all(head.as_bytes())?;
        out.write_all(body)
    };
    let path = target.split('?').next().unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, q)| q);
    match path {
        "/json" => {
            let json = serde_json::json!({
                "method": request.method,
                "target": request.target,
                "headers": request.headers,
                "body": String::from_utf8_lossy(&request.body),
            });
            respond(
                &mut out,
                "200 OK",
                "Content-Type: application/json\r\nX-Echo: yes\r\n",
                json.to_string().as_bytes(),
            )
        }
        "/redirect" => {
            let to = query.strip_prefix("to=").unwrap_or("/json");
            respond(&mut out, "302 Found", &format!("Location: {to}\r\n"), b"")
        }
        "/see-other" => respond(&mut out, "303 See Other", "Location: /json\r\n", b""),
        "/loop" => respond(&mut out, "302 Found", "Location: /loop\r\n", b""),
        "/hang" => {
            // Never answers; returns when the client closes the connection.
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
            Ok(())
        }
        "/drip" => {
            out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nx")?;
            out.flush()?;
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
            Ok(())
        }
        _ if path.starts_with("/status/") => {
            let code = &path["/status/".len()..];
            respond(
                &mut out,
                &format!("{code} Whatever"),
                "",
                format!("status {code}").as_bytes(),
            )
        }
        _ if path.starts_with("/big/") => {
            let n: usize = path["/big/".len()..].parse().unwrap_or(0);
            respond(&mut out, "200 OK", "", &vec![b'a'; n])
        }
        _ if path.starts_with("/chunked/") => {
            let n: usize = path["/chunked/".len()..].parse().unwrap_or(0);
            out.write_all(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            )?;
            for chunk in vec![b'b'; n].chunks(100) {
                out.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                out.write_all(chunk)?;
                out.write_all(b"\r\n")?;
            }
            out.write_all(b"0\r\n\r\n")
        }
        _ => respond(&mut out, "404 Not Found", "", b"not found"),
    }
}

fn allowing(hosts: &[&str]) -> Session {
    let mut builder = engine().session_builder();
    for host in hosts {
        builder = builder.allow_http(host);
    }
    builder.build().expect("a session starts")
}

/// Checks that the session (with `requests` imported) still gets answers from `server`.
#[track_caller]
fn still_works(session: &mut Session, server: &Server) {
    let code = format!("requests.get({:?}).status_code", server.url("/json"));
    assert_eq!(eval(session, &code), Value::Int(200));
}

/// Runs `code`, expecting a Python exception, and returns (type name, message).
#[track_caller]
fn raises(session: &mut Session, code: &str) -> (String, String) {
    match exec_err(session, code) {
        Error::Exception(e) => (e.type_name.clone(), e.message.clone()),
        other => panic!("expected an exception, got {other}"),
    }
}

#[test]
fn get_with_params_headers_json_and_status() {
    let server = Server::start();
    let mut s = allowing(&[&server.authority()]);
    exec(&mut s, "import requests");
    let url = server.url("/json");
    let out = eval(
        &mut s,
        &format!(
            "r = requests.get({url:?}, params={{'q': 'a b', 'n': 1}}, headers={{'X-Token': 'abc'}}, timeout=5)\n\
             d = r.json()\n\
             [r.status_code, r.ok, r.reason, r.headers['content-type'], r.headers.get('X-ECHO'), d['method'], d['target'], d['headers']['x-token'], r.url, type(r.content).__name__, r.text == r.content.decode()]"
        ),
    );
    let expected = Value::List(vec![
        Value::Int(200),
        Value::Bool(true),
        Value::from("OK"),
        Value::from("application/json"),
        Value::from("yes"),
        Value::from("GET"),
        Value::from("/json?q=a%20b&n=1"),
        Value::from("abc"),
        Value::from(format!("{url}?q=a%20b&n=1")),
        Value::from("bytes"),
        Value::Bool(true),
    ]);
    assert_eq!(out, expected);
    let seen = server.last();
    assert_eq!(seen.headers["host"], server.authority());
    assert!(
        seen.headers["user-agent"].contains("python-requests"),
        "{seen:?}"
    );

    // Error statuses: a response, and raise_for_status raises HTTPError.
    let out = eval(
        &mut s,
        &format!(
            "r = requests.get({:?})\n\
             try:\n    r.raise_for_status()\n    e = None\nexcept requests.HTTPError as err:\n    e = str(err)\n\
             [r.status_code, r.ok, r.text, e, isinstance(requests.HTTPError(), requests.RequestException)]",
            server.url("/status/503")
        ),
    );
    assert_eq!(
        out,
        Value::List(vec![
            Value::Int(503),
            Value::Bool(false),
            Value::from("status 503"),
            Value::from(format!(
                "503 Server Error: Service Unavailable for url: {}",
                server.url("/status/503")
            )),
            Value::Bool(true),
        ])
    );
}

#[test]
fn post_sends_json_form_data_and_bytes() {
    let server = Server::start();
    let mut s = allowing(&[&server.authority()]);
    exec(&mut s, "import requests");
    let url = server.url("/json");
    let out = eval(
        &mut s,
        &format!("requests.post({url:?}, json={{'a': [1, 2], 'b': None}}).json()['body']"),
    );
    let body: serde_json::Value = serde_json::from_str(out.as_str().unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({"a": [1, 2], "b": null}));
    let seen = server.last();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.headers["content-type"], "application/json");

    exec(
        &mut s,
        &format!("requests.post({url:?}, data={{'k': 'v w', 'x': '&'}})"),
    );
    let seen = server.last();
    assert_eq!(seen.body, b"k=v%20w&x=%26");
    assert_eq!(
        seen.headers["content-type"],
        "application/x-www-form-urlencoded"
    );

    let big = "x".repeat(200_000);
    exec(
        &mut s,
        &format!(
            "requests.request('PUT', {url:?}, data=b'{big}', headers={{'Content-Type': 'application/octet-stream'}})"
        ),
    );
    let seen = server.last();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.body.len(), 200_000);
}

#[test]
fn a_denied_host_raises_naming_it_and_nothing_is_sent() {
    let allowed = Server::start();
    let other = Server::start();
    let mut s = allowing(&[&allowed.authority()]);
    exec(&mut s, "import requests");
    // Another port, another spelling of the host, another scheme's default port.
    for url in [
        other.url("/json"),
        format!("http://localhost:{}/json", allowed.port),
        "http://127.0.0.1/json".to_owned(),
        "https://127.0.0.1/json".to_owned(),
    ] {
        let (ty, message) = raises(&mut s, &format!("requests.get({url:?})"));
        assert_eq!(ty, "RequestDenied", "{url}: {message}");
        let authority = url.split('/').nth(2).unwrap();
        assert!(message.contains(&format!("'{authority}'")), "{message}");
        assert!(message.contains("not allowed"), "{message}");
    }
    assert_eq!(other.connections(), 0);
    assert_eq!(allowed.connections(), 0);
    // A denial is a ConnectionError, so a RequestException.
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "try:\n    requests.get({:?})\nexcept requests.ConnectionError as e:\n    r = 'caught'\nr",
                other.url("/")
            )
        ),
        Value::from("caught")
    );
    // The session stays usable, and allowed requests work.
    assert_eq!(
        eval(
            &mut s,
            &format!("requests.get({:?}).status_code", allowed.url("/json"))
        ),
        Value::Int(200)
    );
}

#[test]
fn an_empty_allow_list_means_no_network() {
    let server = Server::start();
    let mut s = engine().session().unwrap();
    let (ty, message) = raises(
        &mut s,
        &format!("import requests\nrequests.get({:?})", server.url("/json")),
    );
    assert_eq!(ty, "RequestDenied");
    assert!(message.contains(&server.authority()), "{message}");
    assert_eq!(server.connections(), 0);
}

#[test]
fn a_name_resolving_to_loopback_is_refused_unless_the_address_is_allowed() {
    let server = Server::start();
    let mut s = allowing(&[&format!("localhost:{}", server.port)]);
    let (ty, message) = raises(
        &mut s,
        &format!(
            "import requests\nrequests.get('http://localhost:{}/json')",
            server.port
        ),
    );
    assert_eq!(ty, "RequestDenied");
    assert!(message.contains("private, loopback"), "{message}");
    assert!(
        message.contains(&format!("localhost:{}", server.port)),
        "{message}"
    );
    assert_eq!(server.connections(), 0);
    // Allowing the address itself too lets the name through.
    let mut s = allowing(&[&format!("localhost:{}", server.port), &server.authority()]);
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "import requests\nrequests.get('http://localhost:{}/json').status_code",
                server.port
            )
        ),
        Value::Int(200)
    );
}

#[test]
fn redirects_are_followed_and_every_hop_is_checked() {
    let server = Server::start();
    let other = Server::start();
    let mut s = allowing(&[&server.authority()]);
    exec(&mut s, "import requests");
    let out = eval(
        &mut s,
        &format!(
            "r = requests.get({:?})\n[r.status_code, r.url, [h.status_code for h in r.history], r.json()['target']]",
            server.url("/redirect?to=/json")
        ),
    );
    assert_eq!(
        out,
        Value::List(vec![
            Value::Int(200),
            Value::from(server.url("/json")),
            Value::List(vec![Value::Int(302)]),
            Value::from("/json"),
        ])
    );
    // 303 after a POST: a GET without the body.
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "requests.post({:?}, data='x').json()['method']",
                server.url("/see-other")
            )
        ),
        Value::from("GET")
    );
    // Not followed when told so.
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "requests.get({:?}, allow_redirects=False).status_code",
                server.url("/redirect?to=/json")
            )
        ),
        Value::Int(302)
    );
    // A redirect to a host that is not allowed: denied at that hop, nothing sent there.
    let (ty, message) = raises(
        &mut s,
        &format!(
            "requests.get({:?})",
            server.url(&format!("/redirect?to={}", other.url("/json")))
        ),
    );
    assert_eq!(ty, "RequestDenied");
    assert!(message.contains(&other.authority()), "{message}");
    assert_eq!(other.connections(), 0);
    let (ty, _) = raises(
        &mut s,
        &format!(
            "requests.get({:?})",
            server.url("/redirect?to=http://169.254.169.254/latest/meta-data/")
        ),
    );
    assert_eq!(ty, "RequestDenied");
    // A redirect loop ends.
    let (ty, message) = raises(&mut s, &format!("requests.get({:?})", server.url("/loop")));
    assert_eq!(
        (ty.as_str(), message.as_str()),
        ("TooManyRedirects", "Exceeded 30 redirects.")
    );
}

#[test]
fn bodies_past_the_cap_raise() {
    let server = Server::start();
    let mut s = engine()
        .session_builder()
        .allow_http(server.authority())
        .max_http_response(1000u64)
        .build()
        .unwrap();
    exec(&mut s, "import requests");
    assert_eq!(
        eval(
            &mut s,
            &format!("len(requests.get({:?}).content)", server.url("/big/1000"))
        ),
        Value::Int(1000)
    );
    for path in ["/big/5000", "/chunked/5000"] {
        let (ty, message) = raises(&mut s, &format!("requests.get({:?})", server.url(path)));
        assert_eq!(ty, "ContentTooLarge", "{path}: {message}");
        assert!(message.contains("size limit"), "{message}");
        assert!(message.contains(&server.authority()), "{message}");
    }
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "len(requests.get({:?}).content)",
                server.url("/chunked/900")
            )
        ),
        Value::Int(900)
    );
    // HEAD: the length announced is not a body received.
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "r = requests.head({:?})\n[r.status_code, r.headers['content-length'], r.content]",
                server.url("/big/5000")
            )
        ),
        Value::List(vec![
            Value::Int(200),
            Value::from("5000"),
            Value::Bytes(vec![])
        ])
    );
}

#[test]
fn a_slow_server_hits_the_http_timeout_and_the_session_survives() {
    let server = Server::start();
    let mut s = engine()
        .session_builder()
        .allow_http(server.authority())
        .http_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    exec(&mut s, "import requests");
    for path in ["/hang", "/drip"] {
        let (ty, message) = raises(&mut s, &format!("requests.get({:?})", server.url(path)));
        assert_eq!(ty, "ReadTimeout", "{path}: {message}");
        assert!(message.contains("timed out"), "{message}");
    }
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "try:\n    requests.get({:?}, timeout=0.2)\nexcept requests.Timeout:\n    r = 'timeout'\nr",
                server.url("/hang")
            )
        ),
        Value::from("timeout")
    );
    still_works(&mut s, &server);
}

#[test]
fn the_wall_clock_limit_interrupts_a_request() {
    let server = Server::start();
    let mut s = engine()
        .session_builder()
        .allow_http(server.authority())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = exec_err(
        &mut s,
        &format!("import requests\nrequests.get({:?})", server.url("/hang")),
    );
    match error {
        Error::Limit { hit, .. } => assert_eq!(hit.kind, LimitKind::Time),
        other => panic!("expected the time limit, got {other}"),
    }
    still_works(&mut s, &server);
}

#[test]
fn a_host_header_from_the_guest_changes_nothing() {
    let server = Server::start();
    let other = Server::start();
    let mut s = allowing(&[&server.authority()]);
    exec(&mut s, "import requests");
    // To a denied host with the allowed host in Host: denied.
    let (ty, _) = raises(
        &mut s,
        &format!(
            "requests.get({:?}, headers={{'Host': {:?}}})",
            other.url("/json"),
            server.authority()
        ),
    );
    assert_eq!(ty, "RequestDenied");
    assert_eq!(other.connections(), 0);
    // To the allowed host with another Host: the server sees the real one.
    exec(
        &mut s,
        &format!(
            "requests.get({:?}, headers={{'Host': 'evil.example'}})",
            server.url("/json")
        ),
    );
    assert_eq!(server.last().headers["host"], server.authority());
}

#[test]
fn bad_urls_and_entries_are_errors() {
    let mut s = allowing(&["example.com"]);
    exec(&mut s, "import requests");
    for (code, expected) in [
        ("requests.get('example.com/x')", "MissingSchema"),
        ("requests.get('ftp://example.com/x')", "InvalidSchema"),
        ("requests.get('http://user:pw@example.com/')", "InvalidURL"),
        ("requests.get('http:///x')", "InvalidURL"),
    ] {
        assert_eq!(raises(&mut s, code).0, expected, "{code}");
    }
    for entry in [
        "http://example.com",
        "example.com/x",
        "*.example.com",
        "example.com:0",
        "",
    ] {
        let err = engine()
            .session_builder()
            .allow_http(entry)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidAllowHttp { .. }),
            "{entry}: {err}"
        );
    }
}

#[test]
fn the_cli_allows_hosts_with_allow_http() {
    let server = Server::start();
    let code = format!(
        "import requests\nprint(requests.get({:?}).json()['method'])",
        server.url("/json")
    );
    let run = cli(&["--allow-http", &server.authority(), "-c", &code], "");
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stdout, "GET\n");
    let run = cli(&["-c", &code], "");
    assert_eq!(run.status, Some(1), "{run:?}");
    assert!(run.stderr.contains("RequestDenied"), "{run:?}");
    assert!(run.stderr.contains(&server.authority()), "{run:?}");
    let run = cli(&["--allow-http", "http://x/", "-c", "1"], "");
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("invalid HTTP allow-list entry"),
        "{run:?}"
    );
}

#[test]
fn https_to_a_server_without_tls_is_a_connection_error() {
    let server = Server::start();
    let mut s = allowing(&[&server.authority()]);
    let (ty, message) = raises(
        &mut s,
        &format!(
            "import requests\nrequests.get('https://{}/json')",
            server.authority()
        ),
    );
    assert_eq!(ty, "ConnectionError", "{message}");
    assert!(message.contains(&server.authority()), "{message}");
}

#[test]
fn sessions_json_errors_and_other_methods() {
    let server = Server::start();
    let mut s = allowing(&[&server.authority()]);
    exec(&mut s, "import requests");
    let out = eval(
        &mut s,
        &format!(
            "with requests.Session() as http:\n    http.headers['X-Team'] = 'blue'\n    http.auth = ('u', 'p')\n    d = http.get({:?}, headers={{'X-More': '1'}}).json()\n\
             [d['headers']['x-team'], d['headers']['x-more'], d['headers']['authorization']]",
            server.url("/json")
        ),
    );
    assert_eq!(
        out,
        Value::List(vec![
            Value::from("blue"),
            Value::from("1"),
            Value::from("Basic dTpw"),
        ])
    );
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "try:\n    requests.get({:?}).json()\nexcept ValueError as e:\n    r = type(e).__name__\nr",
                server.url("/big/3")
            )
        ),
        Value::from("JSONDecodeError")
    );
    for method in ["delete", "patch", "put", "options"] {
        assert_eq!(
            eval(
                &mut s,
                &format!(
                    "requests.{method}({:?}).json()['method']",
                    server.url("/json")
                )
            ),
            Value::from(method.to_uppercase())
        );
    }
}

#[test]
fn deterministic_sessions_can_use_http() {
    let server = Server::start();
    let mut s = engine()
        .session_builder()
        .deterministic(7)
        .allow_http(server.authority())
        .build()
        .unwrap();
    assert_eq!(
        eval(
            &mut s,
            &format!(
                "import requests\nrequests.get({:?}).status_code",
                server.url("/json")
            )
        ),
        Value::Int(200)
    );
}

#[test]
fn a_server_that_does_not_speak_http_gets_a_readable_error() {
    // A raw TCP server that answers with something that is not HTTP: wasi:http reports a
    // protocol error, which the message names in words (it was "wasi:http error 35").
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let authority = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().take(2) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"THIS IS NOT HTTP\r\n\r\n");
        }
    });
    let mut s = allowing(&[&authority]);
    let (ty, message) = raises(
        &mut s,
        &format!("import requests\nrequests.get('http://{authority}/')"),
    );
    assert_eq!(ty, "ConnectionError", "{message}");
    assert!(!message.contains("wasi:http error"), "{message}");
    assert!(message.contains(&authority), "{message}");
}

/// A session allowed to reach a host keeps working after a snapshot and restore; restored
/// under a template without that host, it may not reach it: the allow-list is the template's.
#[test]
fn snapshots_carry_state_not_the_allow_list() {
    let server = Server::start();
    let mut session = allowing(&[&server.authority()]);
    exec(
        &mut session,
        &format!(
            "import requests\nURL = {:?}\nfirst = requests.get(URL).status_code",
            server.url("/json")
        ),
    );
    let snapshot = session.snapshot().unwrap();
    let mut restored = session.template().restore(&snapshot).unwrap();
    assert_eq!(
        eval(&mut restored, "first, requests.get(URL).status_code"),
        Value::Tuple(vec![Value::Int(200), Value::Int(200)])
    );
    let before = server.connections.load(Ordering::SeqCst);
    let mut closed = engine()
        .session_builder()
        .template()
        .unwrap()
        .restore(&snapshot)
        .unwrap();
    let (type_name, _) = raises(&mut closed, "requests.get(URL)");
    assert!(!type_name.is_empty());
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        before,
        "nothing was sent"
    );
}
