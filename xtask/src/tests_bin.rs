//! Programs of the tests crate (`mpsandbox-tests`): they link the `mpsandbox` library, which
//! xtask does not, so xtask builds them and runs them (`conformance`, `stress`).

use std::ffi::OsString;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::cargo::{cargo, exit_code};
use crate::paths::{Paths, Profile};
use crate::step::Step;

/// Builds the tests crate's program `name` (dev profile) and runs it with `args`, passing on
/// its exit status.
pub fn run(name: &'static str, args: impl IntoIterator<Item = OsString>) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let step = Step::start(name, "building the program");
    step.run(
        cargo().args(["build", "--package", "mpsandbox-tests", "--bin", name]),
        &paths.logs(),
        name,
    )?;
    step.finish("built");
    let program = paths.profile(Profile::Dev).join(name);
    let status = Command::new(&program)
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .status()
        .with_context(|| format!("cannot start {}", program.display()))?;
    Ok(exit_code(status))
}
