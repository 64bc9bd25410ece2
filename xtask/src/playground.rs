//! The browser playground: `js/playground/` plus the built package, assembled under
//! `target/mpsandbox/playground/` and served on 127.0.0.1.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::js::Js;
use crate::paths::Paths;
use crate::step::Step;

/// The files of `@noble/hashes` that its BLAKE3 needs.
const BLAKE3_FILES: &[&str] = &[
    "blake3.js",
    "blake2.js",
    "_blake.js",
    "_md.js",
    "_u64.js",
    "utils.js",
    "LICENSE",
];

/// Copies the page and the built package into `target/mpsandbox/playground/`; returns it.
pub fn assemble(paths: &Paths, js: &Js) -> Result<PathBuf> {
    let step = Step::start("playground", "assembling");
    let out = paths.out.join("playground");
    let _ = fs::remove_dir_all(&out);
    copy_dir(&js.dir.join("playground"), &out, &|_| true)?;
    // The package without its type declarations.
    copy_dir(&js.dir.join("dist"), &out.join("mpsandbox"), &|name| {
        !name.ends_with(".d.ts")
    })?;
    // The package's one runtime dependency (BLAKE3, for the snapshot byte form), which the
    // page's import map names: the modules blake3.js imports, and the licence.
    copy_dir(
        &js.dir.join("node_modules/@noble/hashes"),
        &out.join("vendor/@noble/hashes"),
        &|name| BLAKE3_FILES.contains(&name),
    )?;
    let (raw, gzipped) = dir_sizes(&out)?;
    step.finish(&format!(
        "{} ({} KiB, {} KiB gzipped)",
        out.display(),
        raw / 1024,
        gzipped / 1024
    ));
    Ok(out)
}

/// A static file server for `dir` on 127.0.0.1: GET only, one thread per connection, one
/// request per connection (`Connection: close`). tiny_http 0.12 stalled when a browser opened
/// a dozen connections at once, so this is std's `TcpListener`.
pub struct Server {
    /// The page's address.
    pub url: String,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port) and serves from a thread of its own.
    pub fn start(dir: PathBuf, port: u16) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let addr = listener.local_addr()?;
        let dir = Arc::new(dir);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = Arc::clone(&dir);
                std::thread::spawn(move || {
                    let _ = serve(&dir, stream);
                });
            }
        });
        Ok(Server {
            url: format!("http://{addr}/"),
        })
    }

    /// Serves until the process is stopped.
    pub fn wait(self) {
        loop {
            std::thread::park();
        }
    }
}

/// Answers one request on `stream`.
fn serve(dir: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("/"),
    );
    let (status, mime, body) = match (method, lookup(dir, target)) {
        ("GET", Some((mime, body))) => ("200 OK", mime, body),
        ("GET", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => ("405 Method Not Allowed", "text/plain", b"GET only".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

/// The file a request target names under `dir`, with its content type.
fn lookup(dir: &Path, target: &str) -> Option<(&'static str, Vec<u8>)> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    // Only plain names below `dir`: no `..`, no absolute paths.
    let safe = relative
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if !safe {
        return None;
    }
    let file = dir.join(&relative);
    let body = fs::read(&file).ok()?;
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    Some((mime, body))
}

/// Copies the files under `from` whose names `keep` accepts into `to`.
pub fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target, keep)?;
        } else if keep(&entry.file_name().to_string_lossy()) {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Total size of the files under `dir`, raw and gzipped one by one, in bytes.
pub fn dir_sizes(dir: &Path) -> Result<(u64, u64)> {
    let mut total = (0, 0);
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let (raw, gzipped) = if entry.file_type()?.is_dir() {
            dir_sizes(&entry.path())?
        } else {
            crate::js::sizes(&entry.path())?
        };
        total = (total.0 + raw, total.1 + gzipped);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::lookup;

    #[test]
    fn only_files_below_the_folder_are_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>hi</p>").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/app.js"), "1").unwrap();
        let inner = dir.path().join("sub");
        assert_eq!(
            lookup(dir.path(), "/").unwrap().0,
            "text/html; charset=utf-8"
        );
        assert_eq!(
            lookup(dir.path(), "/sub/app.js?v=1").unwrap().0,
            "text/javascript; charset=utf-8"
        );
        for target in [
            "/../index.html",
            "/sub/../../x",
            "//etc/passwd",
            "/sub/./app.js",
            "/missing.js",
        ] {
            assert!(lookup(&inner, target).is_none(), "{target} was served");
        }
    }
}
