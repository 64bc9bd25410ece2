//! `cargo xtask conformance`: MicroPython's own test suite, run through the sandbox by the
//! `conformance` program of the tests crate (it links the `mpsandbox` library, which xtask
//! does not), with a summary and a JSON report in `target/mpsandbox/conformance.json`.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::cargo::{cargo, exit_code};
use crate::paths::{Paths, Profile};
use crate::step::Step;

/// Builds the runner and runs the suite; `args` go to it (test-name filters, `--jobs N`,
/// `--timeout SECONDS`).
pub fn run(args: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let json = paths.out.join("conformance.json");
    let mut runner_args = vec!["--json".to_owned(), json.display().to_string()];
    runner_args.extend_from_slice(args);
    run_tests_program(&paths, "conformance", "test runner", &runner_args)
}

/// Builds the program `name` of the tests crate (a runner that links the `mpsandbox` library,
/// which xtask does not) and runs it with `args`, passing on its exit status.
pub fn run_tests_program(
    paths: &Paths,
    name: &'static str,
    what: &str,
    args: &[String],
) -> Result<ExitCode> {
    let step = Step::start(name, &format!("building the {what}"));
    step.run(
        cargo().args(["build", "--package", "mpsandbox-tests", "--bin", name]),
        &paths.logs(),
        name,
    )?;
    step.finish(&format!("{what} built"));
    let runner = paths.profile(Profile::Dev).join(name);
    let status = Command::new(&runner)
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .with_context(|| format!("cannot start {}", runner.display()))?;
    Ok(exit_code(status))
}
