//! `cargo xtask compat`: the compatibility corpus (`tests/compat/`), run under CPython and
//! through the sandbox by the `compat` program of the tests crate, with pass rates by
//! category and a diff per failure.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::paths::Paths;
use crate::step::Step;

/// Builds the runner and runs the corpus; `args` go to it (filters, `--jobs N`,
/// `--timeout SECONDS`).
pub fn run(args: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let step = Step::start("compat", "building the corpus runner");
    step.run(
        crate::conformance::cargo().args([
            "build",
            "--package",
            "mpsandbox-tests",
            "--bin",
            "compat",
        ]),
        &paths.logs(),
        "compat",
    )?;
    step.finish("corpus runner built");
    let runner = paths
        .out
        .parent()
        .expect("out is under target")
        .join("debug/compat");
    let status = Command::new(&runner)
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .with_context(|| format!("cannot start {}", runner.display()))?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}
