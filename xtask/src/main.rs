//! `cargo xtask <command>`: builds, runs and tests mpsandbox.
//!
//! Build logic lives here, in Rust, one module per step (after rust-analyzer's xtask):
//! [`toolchain`] makes the C-to-wasm compiler, [`micropython`] fetches MicroPython's source,
//! [`bindings`] generates the guest's C bindings from `wit/`, [`mpycross`] builds MicroPython's
//! bytecode compiler for the frozen modules, [`guest`] compiles the port,
//! [`component`] turns the core module into a validated component, and [`host`] builds the
//! CLI and precompiles the component for it; [`bench`] measures speed against other systems.
//! [`cargo`] and [`paths`] are what the steps share: running cargo, and where things are.

mod bench;
mod bindings;
mod cargo;
mod cc;
mod compat;
mod component;
mod conformance;
mod guest;
mod host;
mod micropython;
mod mpycross;
mod patches;
mod paths;
mod step;
mod toolchain;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Build, run and test mpsandbox.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build everything from a fresh machine: toolchain, MicroPython, component, CLI.
    Build,
    /// Build if stale, then run the `mpsandbox` CLI with the given arguments.
    Run {
        /// Arguments for `mpsandbox` (put them after `--`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build, then run MicroPython's own test suite through the sandbox and report.
    Conformance {
        /// Test-name filters and runner options (`--jobs N`, `--timeout SECONDS`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build, then run the compatibility corpus (`tests/compat/`) under CPython and
    /// the sandbox: pass rates by category and a diff per failure.
    Compat {
        /// Program-name filters and runner options (`--jobs N`, `--timeout SECONDS`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build, then measure speed against the reference system, CPython and native
    /// MicroPython: one table, and `target/mpsandbox/bench.json` (release builds).
    Bench {
        /// Shorter runs: a rough table.
        #[arg(long)]
        quick: bool,
        /// Measure mpsandbox only.
        #[arg(long)]
        only_ours: bool,
    },
    /// Check formatting (`cargo fmt --check`) and lints (`cargo clippy`, warnings denied) of
    /// the whole workspace.
    Lint,
    /// Build, then run every test of the workspace.
    Test {
        /// Extra arguments for `cargo test` (put them after `--`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    // `xtask cc ...` is the compiler wrapper MicroPython's make calls; not for people.
    let mut args = std::env::args_os().skip(1).peekable();
    if args.peek().is_some_and(|arg| arg == "cc") {
        return cc::main(args.skip(1).collect());
    }
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build => {
            build()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { args } => {
            step::quiet();
            build()?;
            host::run_cli(&args)
        }
        Command::Conformance { args } => {
            build()?;
            conformance::run(&args)
        }
        Command::Compat { args } => {
            build()?;
            compat::run(&args)
        }
        Command::Bench { quick, only_ours } => {
            build()?;
            bench::run(&bench::Options { quick, only_ours })
        }
        Command::Lint => lint(),
        Command::Test { args } => {
            // The tests build the CLI themselves, with the features the test build unifies:
            // building it alone first would compile wasmtime twice.
            let paths = build_component()?;
            host::test(&paths, &args)
        }
    }
}

/// `cargo fmt --all --check`, then `cargo clippy --workspace --all-targets -- -D warnings`;
/// stops at the first that fails, with its exit status.
fn lint() -> Result<ExitCode> {
    use anyhow::Context;
    for args in [
        &["fmt", "--all", "--check"][..],
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ] {
        let status = cargo::cargo()
            .args(args)
            .status()
            .with_context(|| format!("cannot start cargo {}", args[0]))?;
        if !status.success() {
            eprintln!("error: cargo {} failed", args.join(" "));
            return Ok(cargo::exit_code(status));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs every build step in order; each step skips the work that is already up to date.
fn build() -> Result<()> {
    let started = std::time::Instant::now();
    let paths = build_component()?;
    host::build_and_precompile(&paths)?;
    step::done(&format!("build finished in {:.1?}", started.elapsed()));
    Ok(())
}

/// The steps up to the component: toolchain, MicroPython's source, bindings, guest.
fn build_component() -> Result<paths::Paths> {
    let paths = paths::Paths::discover()?;
    let zig = toolchain::ensure(&paths)?;
    let source = micropython::ensure(&paths)?;
    bindings::generate(&paths)?;
    let mpy_cross = mpycross::build(&paths, &zig, &source)?;
    let core = guest::compile(&paths, &zig, &source, &mpy_cross)?;
    component::componentize(&paths, &core)?;
    Ok(paths)
}
