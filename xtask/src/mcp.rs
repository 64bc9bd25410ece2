//! `mpsandbox mcp` against a real MCP client: the official Python SDK (`mcp`, pinned in
//! `tests/mcp/requirements.txt`) in a venv under `target/`, driving the built CLI with pytest;
//! and the per-call overhead over stdio for `cargo xtask bench`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::paths::Paths;
use crate::step::Step;

/// The venv with the MCP SDK and pytest, made (again) when the requirements change; returns
/// its Python.
pub fn venv(paths: &Paths) -> Result<PathBuf> {
    let requirements = paths.root.join("tests/mcp/requirements.txt");
    let pins = fs::read(&requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let dir = paths.out.join("mcp");
    let venv = dir.join("venv");
    let python = venv.join("bin/python");
    // The stamp holds the requirements it was made from.
    let stamp = dir.join("requirements.ok");
    if fs::read(&stamp).is_ok_and(|made| made == pins) && python.exists() {
        return Ok(python);
    }
    let step = Step::start("mcp", "creating a venv for the MCP tests");
    crate::toolchain::create_venv(&step, paths, &venv, "mcp-venv")?;
    step.doing("installing the MCP Python SDK and pytest from PyPI");
    step.run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "-r"])
            .arg(&requirements),
        &paths.logs(),
        "mcp-pip",
    )?;
    fs::write(&stamp, &pins)?;
    step.finish("MCP test venv ready");
    Ok(python)
}

/// Runs the MCP tests against the CLI at `cli`; whether they passed. pytest's output
/// (its summary last) goes to the terminal.
pub fn test(paths: &Paths, cli: &Path) -> Result<bool> {
    let python = venv(paths)?;
    eprintln!("{:>12} pytest tests/mcp", "mcp");
    let status = Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(paths.root.join("tests/mcp"))
        .env("MPSANDBOX_BIN", cli)
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .context("cannot start pytest")?;
    Ok(status.success())
}

/// The median round trip, in microseconds, of `run_python` with `print(1)` over stdio
/// (client: the Python SDK), over `calls` calls.
pub fn stdio_round_trip(paths: &Paths, cli: &Path, calls: usize) -> Result<f64> {
    let python = venv(paths)?;
    let out = Command::new(&python)
        .arg(paths.root.join("tests/mcp/bench_stdio.py"))
        .arg(cli)
        .arg(calls.to_string())
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .context("cannot start the MCP benchmark")?;
    anyhow::ensure!(
        out.status.success(),
        "the MCP benchmark failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let text = String::from_utf8(out.stdout)?;
    text.trim()
        .parse::<f64>()
        .with_context(|| format!("the MCP benchmark printed {text:?}"))
}
