//! `cargo xtask compat`: the compatibility corpus (`tests/compat/`), run under CPython and
//! through the sandbox by the `compat` program of the tests crate, with pass rates by
//! category and a diff per failure.

use std::process::ExitCode;

use anyhow::Result;

/// Builds the runner and runs the corpus; `args` go to it (filters, `--jobs N`,
/// `--timeout SECONDS`).
pub fn run(args: &[String]) -> Result<ExitCode> {
    crate::tests_bin::run("compat", args.iter().map(std::ffi::OsString::from))
}
