//! The browser playground: `js/playground/` plus the built package, assembled under
//! `target/mpsandbox/playground/` and served on 127.0.0.1.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};

use crate::js::Js;
use crate::paths::Paths;
use crate::step::Step;

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
    let (raw, gzipped) = dir_sizes(&out)?;
    step.finish(&format!(
        "{} ({} KiB, {} KiB gzipped)",
        out.display(),
        raw / 1024,
        gzipped / 1024
    ));
    Ok(out)
}

/// A static file server for `dir` on 127.0.0.1.
pub struct Server {
    server: Arc<tiny_http::Server>,
    /// The page's address.
    pub url: String,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port).
    pub fn start(dir: PathBuf, port: u16) -> Result<Server> {
        let server = Arc::new(
            tiny_http::Server::http(("127.0.0.1", port))
                .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?,
        );
        let addr = server.server_addr().to_ip().context("not an IP listener")?;
        let serving = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let _ = respond(&dir, request);
            }
        });
        Ok(Server {
            server,
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

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn respond(dir: &Path, request: tiny_http::Request) -> std::io::Result<()> {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
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
    let file = dir.join(&relative);
    match (safe, fs::read(&file)) {
        (true, Ok(body)) => {
            let mime = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("wasm") => "application/wasm",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let header =
                tiny_http::Header::from_bytes("Content-Type", mime).expect("a valid header");
            request.respond(tiny_http::Response::from_data(body).with_header(header))
        }
        _ => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
    }
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
