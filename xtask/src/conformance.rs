//! `cargo xtask conformance`: MicroPython's own test suite, run through the sandbox by the
//! `conformance` program of the tests crate (it links the `mpsandbox` library, which xtask
//! does not), with a summary and a JSON report in `target/mpsandbox/conformance.json`.

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Result;

use crate::paths::Paths;

/// Builds the runner and runs the suite; `args` go to it (test-name filters, `--jobs N`,
/// `--timeout SECONDS`).
pub fn run(args: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let mut all: Vec<OsString> = vec!["--json".into(), paths.out.join("conformance.json").into()];
    all.extend(args.iter().map(OsString::from));
    crate::tests_bin::run("conformance", all)
}
