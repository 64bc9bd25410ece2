//! `cargo xtask conformance`: MicroPython's own test suite, run through the sandbox by the
//! `conformance` program of the tests crate (it links the `mpsandbox` library, which xtask
//! does not), with a summary and a JSON report in `target/mpsandbox/conformance.json`.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::paths::Paths;
use crate::step::Step;

/// Builds the runner and runs the suite; `args` go to it (test-name filters, `--jobs N`,
/// `--timeout SECONDS`).
pub fn run(args: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let step = Step::start("conformance", "building the test runner");
    step.run(
        cargo().args([
            "build",
            "--package",
            "mpsandbox-tests",
            "--bin",
            "conformance",
        ]),
        &paths.logs(),
        "conformance",
    )?;
    step.finish("test runner built");
    let runner = paths
        .out
        .parent()
        .expect("out is under target")
        .join("debug/conformance");
    let status = Command::new(&runner)
        .arg("--json")
        .arg(paths.out.join("conformance.json"))
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .with_context(|| format!("cannot start {}", runner.display()))?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}

/// `cargo` as cargo itself named it for this process (falls back to `cargo` on PATH).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.env("RUST_LIB_BACKTRACE", "0");
    command
}
