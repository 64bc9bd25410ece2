//! The JavaScript table of `cargo xtask bench`: the npm package under Node (jco's bindings,
//! V8), beside the same workloads under wasmtime.

use std::process::Command;

use anyhow::{Context, Result};
use serde_json::Value as Json;

use crate::js;
use crate::paths::Paths;

/// One row: the JSON key of `js/bench/bench.mjs`, the wasmtime figure's key, a label, a target.
struct Row {
    id: &'static str,
    wasmtime: Option<&'static str>,
    label: &'static str,
    target: Option<Target>,
}

#[derive(Clone, Copy)]
enum Target {
    /// At most this many microseconds.
    AtMost(f64),
    /// Within this factor of wasmtime's figure.
    WithinWasmtime(f64),
}

const ROWS: &[Row] = &[
    Row {
        id: "load_compile",
        wasmtime: None,
        label: "Sandbox.create (load + compile)",
        target: None,
    },
    Row {
        id: "cold_first_exec",
        wasmtime: None,
        label: "first session + first exec",
        target: None,
    },
    Row {
        id: "first_exec",
        wasmtime: Some("first_exec"),
        label: "new session + first exec",
        target: None,
    },
    Row {
        id: "new_session",
        wasmtime: Some("new_session"),
        label: "  of which: new session alone",
        target: Some(Target::AtMost(2000.0)),
    },
    Row {
        id: "warm_exec",
        wasmtime: Some("warm_exec"),
        label: "warm exec(\"x = x + 1\")",
        target: Some(Target::AtMost(8.0)),
    },
    Row {
        id: "call",
        wasmtime: Some("call"),
        label: "call(\"add\", 1, 2) round trip",
        target: None,
    },
    Row {
        id: "host_fn",
        wasmtime: Some("host_fn"),
        label: "host-function round trip",
        target: None,
    },
    Row {
        id: "fib25",
        wasmtime: Some("fib25"),
        label: "fib(25)",
        target: Some(Target::WithinWasmtime(1.3)),
    },
    Row {
        id: "snapshot_idle",
        wasmtime: Some("snapshot_idle"),
        label: "snapshot, idle session",
        target: None,
    },
    Row {
        id: "restore_idle",
        wasmtime: Some("restore_idle"),
        label: "restore, idle session",
        target: None,
    },
    Row {
        id: "fork_idle",
        wasmtime: Some("fork_idle"),
        label: "fork, idle session",
        target: None,
    },
    Row {
        id: "to_bytes_idle",
        wasmtime: None,
        label: "snapshot.toBytes(), idle session",
        target: None,
    },
    Row {
        id: "snapshot_1mib",
        wasmtime: Some("snapshot_1mib"),
        label: "snapshot, 1 MiB live data",
        target: None,
    },
    Row {
        id: "restore_1mib",
        wasmtime: Some("restore_1mib"),
        label: "restore, 1 MiB live data",
        target: None,
    },
    Row {
        id: "fork_1mib",
        wasmtime: Some("fork_1mib"),
        label: "fork, 1 MiB live data",
        target: None,
    },
    Row {
        id: "to_bytes_1mib",
        wasmtime: None,
        label: "snapshot.toBytes(), 1 MiB live data",
        target: None,
    },
    Row {
        id: "template_first_exec",
        wasmtime: Some("template_first_exec"),
        label: "new session + first exec, template",
        target: None,
    },
    Row {
        id: "worker_first_exec",
        wasmtime: None,
        label: "worker session + first exec",
        target: None,
    },
];

/// Measures the package in Node and prints its table; `wasmtime` gives the in-process
/// figures (microseconds) by key. Returns the measured figures for the JSON report.
pub fn run(paths: &Paths, quick: bool, wasmtime: &dyn Fn(&str) -> Option<f64>) -> Result<Json> {
    let js = js::build(paths)?;
    let mut command = Command::new(&js.node);
    command
        .current_dir(&js.dir)
        .arg("bench/bench.mjs")
        .env("RUST_LIB_BACKTRACE", "0");
    if quick {
        command.arg("--quick");
    }
    let out = command
        .output()
        .context("cannot start node for the JS benchmark")?;
    anyhow::ensure!(
        out.status.success(),
        "the JS benchmark failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let figures: Json =
        serde_json::from_slice(&out.stdout).context("the JS benchmark printed no JSON")?;
    let node = figures["node"].as_str().unwrap_or("?");
    println!();
    println!(
        "{:<36}{:>11}{:>11}{:>9}  {:<24}met",
        format!("JavaScript (Node {node})"),
        "Node",
        "wasmtime",
        "ratio",
        "target"
    );
    for row in ROWS {
        let ours = figures[row.id].as_f64();
        let theirs = row.wasmtime.and_then(wasmtime);
        let ratio = ours
            .zip(theirs)
            .map_or(String::from("-"), |(o, w)| format!("{:.2}x", o / w));
        let mut line = format!(
            "{:<36}{:>11}{:>11}{:>9}",
            row.label,
            time(ours),
            time(theirs),
            ratio
        );
        if let Some(target) = row.target {
            let (text, met) = match target {
                Target::AtMost(limit) => (
                    format!("<= {}", time(Some(limit))),
                    ours.map(|o| o <= limit),
                ),
                Target::WithinWasmtime(factor) => (
                    format!("<= {factor}x wasmtime"),
                    ours.zip(theirs).map(|(o, w)| o <= w * factor),
                ),
            };
            let met = match met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "?",
            };
            line.push_str(&format!("  {text:<24}{met}"));
        }
        println!("{line}");
    }
    println!("ratio: Node's time over wasmtime's (above 1: wasmtime is faster).");
    let (raw, gzipped) = js::sizes(&js.package)?;
    println!(
        "npm package: {} KiB packed ({raw} bytes, {gzipped} bytes gzipped again)",
        raw / 1024
    );
    Ok(figures)
}

fn time(value: Option<f64>) -> String {
    value.map_or(String::from("-"), |v| crate::bench::format_value("time", v))
}
