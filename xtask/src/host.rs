//! The host side: builds the `mpsandbox` CLI (which embeds the component), precompiles the
//! component into the cache through it, and runs the CLI or the tests.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::cargo::{cargo, exit_code};
use crate::paths::{Paths, Profile};
use crate::step::Step;

/// Builds the CLI and has it compile the component into the on-disk cache.
pub fn build_and_precompile(paths: &Paths) -> Result<()> {
    build_with(
        paths,
        &["build", "--package", "mpsandbox-cli"],
        "mpsandbox CLI built",
    )
}

/// Runs `cargo <args>` (which must build the CLI), then has the CLI compile the component
/// into the on-disk cache.
fn build_with(paths: &Paths, args: &[&str], built: &str) -> Result<()> {
    let step = Step::start("host", "building the mpsandbox CLI");
    step.run(cargo().args(args), &paths.logs(), "host")?;
    step.doing("precompiling the component");
    step.run(
        Command::new(cli_path(paths)).arg("--precompile"),
        &paths.logs(),
        "precompile",
    )?;
    step.finish(&format!("{built}, component precompiled"));
    Ok(())
}

/// Runs the CLI with `args`, passing on its exit status.
pub fn run_cli(args: &[String]) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let status = Command::new(cli_path(&paths))
        .args(args)
        .status()
        .context("cannot start the mpsandbox CLI")?;
    Ok(exit_code(status))
}

/// Builds every test of the workspace (and with them the CLI), precompiles the component,
/// then runs the tests.
pub fn test(paths: &Paths, args: &[String]) -> Result<ExitCode> {
    build_with(
        paths,
        &["test", "--workspace", "--no-run"],
        "tests and mpsandbox CLI built",
    )?;
    let status = cargo()
        .args(["test", "--workspace"])
        .args(args)
        .status()
        .context("cannot start cargo test")?;
    Ok(exit_code(status))
}

fn cli_path(paths: &Paths) -> std::path::PathBuf {
    paths.profile(Profile::Dev).join("mpsandbox")
}
