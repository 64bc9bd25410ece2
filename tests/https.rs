//! https through `requests`: a server with a self-signed certificate is refused until its
//! certificate is trusted (`SessionBuilder::http_root_certificates`, `--http-root-cert`).
//!
//! `data/tls/` holds the server's certificate (for IP 127.0.0.1, valid until 2126) and key,
//! made once with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
//! -days 36500 -subj "/CN=mpsandbox test" -addext "subjectAltName=IP:127.0.0.1"
//! -addext "basicConstraints=critical,CA:FALSE"`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use crate::{cli, engine, eval};
use mpsandbox::{Error, Value};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &[u8] = include_bytes!("data/tls/cert.pem");
const KEY: &[u8] = include_bytes!("data/tls/key.pem");

/// An https server on 127.0.0.1 that answers every request with `hello over tls`; returns
/// its `127.0.0.1:port`.
fn tls_server() -> String {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(CERT)
        .collect::<Result<_, _>>()
        .expect("the test certificate parses");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("the test key parses");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(certs, key))
        .expect("a TLS server configuration");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let authority = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                // A client that refuses the certificate ends the handshake: not an error here.
                let _ = answer(stream, config);
            });
        }
    });
    authority
}

fn answer(stream: TcpStream, config: Arc<rustls::ServerConfig>) -> std::io::Result<()> {
    let connection = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tls.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let body = b"hello over tls";
    write!(
        tls,
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    tls.write_all(body)?;
    tls.conn.send_close_notify();
    tls.flush()
}

fn get(authority: &str) -> String {
    format!("import requests\nrequests.get('https://{authority}/').text")
}

#[test]
fn a_trusted_certificate_makes_https_work() {
    let authority = tls_server();
    let mut session = engine()
        .session_builder()
        .allow_http(&authority)
        .http_root_certificates(CERT)
        .build()
        .unwrap();
    assert_eq!(
        eval(&mut session, &get(&authority)),
        Value::from("hello over tls")
    );
}

#[test]
fn an_untrusted_certificate_is_a_connection_error() {
    let authority = tls_server();
    let mut session = engine()
        .session_builder()
        .allow_http(&authority)
        .build()
        .unwrap();
    let err = session
        .exec(&format!(
            "try:\n    {}\nexcept requests.exceptions.ConnectionError as e:\n    r = 'refused'\nr",
            get(&authority).replace('\n', "\n    ")
        ))
        .map(|out| out.value);
    assert_eq!(err.ok().flatten(), Some(Value::from("refused")));
}

#[test]
fn text_that_is_not_a_certificate_is_refused() {
    for pem in [&b"not a certificate"[..], KEY] {
        let result = engine()
            .session_builder()
            .http_root_certificates(pem)
            .build();
        assert!(
            matches!(result, Err(Error::InvalidCertificate { .. })),
            "{:?}",
            result.err()
        );
    }
}

#[test]
fn the_cli_trusts_root_certificates_from_files() {
    let authority = tls_server();
    let cert = format!("{}/data/tls/cert.pem", crate::TESTS_DIR);
    let code = format!("import requests\nprint(requests.get('https://{authority}/').text)");
    let run = cli(
        &[
            "--allow-http",
            &authority,
            "--http-root-cert",
            &cert,
            "-c",
            &code,
        ],
        "",
    );
    assert_eq!(run.status, Some(0), "{run:?}");
    assert_eq!(run.stdout, "hello over tls\n");
    let run = cli(&["--allow-http", &authority, "-c", &code], "");
    assert_eq!(run.status, Some(1), "{run:?}");
}
