//! The service's row of `cargo xtask bench`: requests per second and latency percentiles of
//! `POST /exec` with `print(1+1)` under the real `wasmtime serve`, loaded by Debian's `wrk`
//! (skipped, with a note, when `wrk` is not installed: `apt-get install wrk`).

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value as Json, json};

/// The request every connection sends.
const BODY: &str = r#"{"code": "print(1+1)"}"#;

/// wrk's script: POST the body, then print the figures as one JSON line.
const SCRIPT: &str = r#"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '__BODY__'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"errors":%d,"non_2xx":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"#;

/// Measures the service for `seconds` with `connections` connections on 2 threads; the
/// figures as JSON, or `{"missing": reason}`.
pub fn measure(launch: &Path, dir: &Path, seconds: u32, connections: u32) -> Json {
    match run(launch, dir, seconds, connections) {
        Ok(figures) => figures,
        Err(e) => json!({ "missing": format!("{e:#}") }),
    }
}

fn run(launch: &Path, dir: &Path, seconds: u32, connections: u32) -> Result<Json> {
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!("wrk is not installed (apt-get install wrk)");
    }
    let launch: Json = serde_json::from_str(
        &std::fs::read_to_string(launch)
            .with_context(|| format!("cannot read {}", launch.display()))?,
    )?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let args: Vec<&str> = launch["args"]
        .as_array()
        .context("serve.json has no args")?
        .iter()
        .filter_map(Json::as_str)
        .collect();
    let mut server = Command::new(launch["wasmtime"].as_str().context("no wasmtime")?)
        .args(&args)
        .arg(format!("--addr=127.0.0.1:{port}"))
        .env("RUST_LIB_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start wasmtime serve")?;
    let result = (|| {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(60) || server.try_wait()?.is_some() {
                bail!("wasmtime serve did not start listening");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let script = dir.join("serve-bench.lua");
        std::fs::write(&script, SCRIPT.replace("__BODY__", BODY))?;
        let url = format!("http://127.0.0.1:{port}/exec");
        // A warm-up: wasmtime serve's first requests fill its caches.
        let wrk = |duration: u32| {
            Command::new("wrk")
                .args([
                    "-t2",
                    &format!("-c{connections}"),
                    &format!("-d{duration}s"),
                ])
                .arg("-s")
                .arg(&script)
                .arg(&url)
                .output()
        };
        wrk(1)?;
        let out = wrk(seconds)?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .with_context(|| format!("wrk printed no figures: {text}"))?;
        let figures: Json = serde_json::from_str(line)?;
        let requests = figures["requests"].as_f64().unwrap_or(0.0);
        let duration = figures["duration_us"].as_f64().unwrap_or(1.0) / 1e6;
        Ok(json!({
            "code": "print(1+1)",
            "connections": connections,
            "seconds": seconds,
            "requests_per_second": (requests / duration).round(),
            "p50_ms": figures["p50_us"].as_f64().unwrap_or(0.0) / 1e3,
            "p90_ms": figures["p90_us"].as_f64().unwrap_or(0.0) / 1e3,
            "p99_ms": figures["p99_us"].as_f64().unwrap_or(0.0) / 1e3,
            "max_ms": figures["max_us"].as_f64().unwrap_or(0.0) / 1e3,
            "errors": figures["errors"],
            "non_2xx": figures["non_2xx"],
        }))
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Prints the service's figures under the main table.
pub fn print(figures: &Json) {
    println!();
    if let Some(reason) = figures["missing"].as_str() {
        println!("POST /exec under wasmtime serve: skipped ({reason})");
        return;
    }
    println!(
        "POST /exec print(1+1) under wasmtime serve ({} connections, {} s): {} requests/s; \
         latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; errors {}, non-2xx {}",
        figures["connections"],
        figures["seconds"],
        figures["requests_per_second"],
        figures["p50_ms"].as_f64().unwrap_or(0.0),
        figures["p90_ms"].as_f64().unwrap_or(0.0),
        figures["p99_ms"].as_f64().unwrap_or(0.0),
        figures["max_ms"].as_f64().unwrap_or(0.0),
        figures["errors"],
        figures["non_2xx"],
    );
}
