//! `cargo xtask <command>`: builds, runs and tests mpsandbox.
//!
//! Build logic lives here, in Rust, one module per step (after rust-analyzer's xtask):
//! [`toolchain`] makes the C-to-wasm compiler, [`micropython`] fetches MicroPython's source,
//! [`bindings`] generates the guest's C bindings from `wit/`, [`mpycross`] builds MicroPython's
//! bytecode compiler for the frozen modules, [`guest`] compiles the port,
//! [`component`] turns the core module into a validated component, and [`host`] builds the
//! CLI and precompiles the component for it; [`bench`] measures speed against other systems.
//! [`compose`] builds the example components of `components/` and composes them with the
//! sandbox; [`serve`] runs the HTTP composition under the real `wasmtime serve`.
//! [`cargo`] and [`paths`] are what the steps share: running cargo, and where things are.

mod bench;
mod bench_js;
mod bindings;
mod cargo;
mod cc;
mod compat;
mod component;
mod compose;
mod conformance;
mod guest;
mod host;
mod js;
mod mcp;
mod micropython;
mod mpycross;
mod patches;
mod paths;
mod playground;
mod python;
mod serve;
mod serve_bench;
mod step;
mod tests_bin;
mod toolchain;
mod venv;

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
    /// Build only up to the component (`target/mpsandbox/mpsandbox.wasm`), not the CLI:
    /// a quick loop for guest work, with `MPSANDBOX_COMPONENT` pointing the CLI at it.
    Component,
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
        /// Measure only the HTTP service under wasmtime serve (needs `wrk`; no release
        /// builds).
        #[arg(long)]
        only_serve: bool,
    },
    /// Build, then compose the sandbox with the example components of `components/`:
    /// `mpsandbox-composed.wasm` and `mpsandbox-http.wasm` in `target/mpsandbox/compose/`.
    Compose,
    /// Compose, then serve `mpsandbox-http.wasm` (`POST /exec`) under `wasmtime serve`.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Build, then run many sessions on few threads with a hostile workload for a bounded
    /// time, watching the host's memory (`--sessions N`, `--threads N`, `--seconds S`;
    /// default 1,000 sessions, 2 threads, 60 s).
    Stress {
        /// Options for the stress program.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build, then feed random inputs to the value boundary and the WIT decoding on both
    /// sides for a bounded time (`--seconds S`, default 60; `--seed N` to reproduce). Not
    /// part of CI.
    Fuzz {
        /// Options for the fuzz program.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Check formatting (`cargo fmt --check`) and lints (`cargo clippy`, warnings denied) of
    /// the whole workspace.
    Lint,
    /// Build the component, then the JavaScript package in `js/` (npm ci, jco, tsc, npm pack).
    Js,
    /// Build the JavaScript package, then serve the browser playground on 127.0.0.1.
    Playground {
        /// The port (0: any free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Build, then run every test of the workspace, then the Python package's pytest suite,
    /// then the JavaScript tests (Node and a headless Chromium).
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
        Command::Component => {
            build_component()?;
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
        Command::Fuzz { args } => {
            build()?;
            tests_bin::run("fuzz", args.iter().map(std::ffi::OsString::from))
        }
        Command::Stress { args } => {
            build()?;
            tests_bin::run("stress", args.iter().map(std::ffi::OsString::from))
        }
        Command::Bench {
            quick,
            only_ours,
            only_serve,
        } => {
            let paths = if only_serve {
                build_component()?.0
            } else {
                build()?
            };
            compose_all(&paths, &toolchain::ensure(&paths)?)?;
            bench::run(&bench::Options {
                quick,
                only_ours,
                only_serve,
            })
        }
        Command::Compose => {
            let (paths, zig) = build_component()?;
            compose_all(&paths, &zig)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { addr } => {
            let (paths, zig) = build_component()?;
            let (http, wasmtime) = compose_all(&paths, &zig)?;
            serve::run(&wasmtime, &http, &addr)
        }
        Command::Js => {
            js::build(&build_component()?.0)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Playground { port } => {
            let (paths, _) = build_component()?;
            let js = js::build(&paths)?;
            let dir = playground::assemble(&paths, &js)?;
            let server = playground::Server::start(dir, port)?;
            println!("playground: {} (Ctrl-C stops it)", server.url);
            server.wait();
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint => lint(),
        Command::Test { args } => {
            // The tests build the CLI themselves, with the features the test build unifies:
            // building it alone first would compile wasmtime twice.
            let (paths, zig) = build_component()?;
            compose_all(&paths, &zig)?;
            let rust = host::test(&paths, &args)?;
            let python = python::test(&paths)?;
            let js = js_tests(&paths)?;
            // Every suite runs; the first that failed decides the status.
            Ok(if rust != ExitCode::SUCCESS {
                rust
            } else if python != ExitCode::SUCCESS {
                python
            } else if !js {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Builds the JavaScript package and the playground, serves it, and runs the JS tests
/// (Node and headless Chromium); prints node's test-runner summary.
fn js_tests(paths: &paths::Paths) -> Result<bool> {
    let started = std::time::Instant::now();
    let js = js::build(paths)?;
    let dir = playground::assemble(paths, &js)?;
    let chromium = js::chromium()?;
    let server = playground::Server::start(dir, 0)?;
    let passed = js::test(paths, &js, &server.url, &chromium)?;
    step::done(&format!(
        "JavaScript tests finished in {:.1?}",
        started.elapsed()
    ));
    Ok(passed)
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
fn build() -> Result<paths::Paths> {
    let started = std::time::Instant::now();
    let (paths, _) = build_component()?;
    host::build_and_precompile(&paths)?;
    step::done(&format!("build finished in {:.1?}", started.elapsed()));
    Ok(paths)
}

/// Composes the example components and installs the wasmtime CLI that serves them.
/// Gives the HTTP component's path and the wasmtime CLI's.
fn compose_all(
    paths: &paths::Paths,
    zig: &std::path::Path,
) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    let http = compose::compose(paths, zig)?;
    let wasmtime = serve::ensure_wasmtime(paths)?;
    serve::write_launch_file(&wasmtime, &http)?;
    Ok((http, wasmtime))
}

/// The steps up to the component: toolchain, MicroPython's source, bindings, guest; gives
/// the paths and zig.
fn build_component() -> Result<(paths::Paths, std::path::PathBuf)> {
    let paths = paths::Paths::discover()?;
    let zig = toolchain::ensure(&paths)?;
    let source = micropython::ensure(&paths)?;
    bindings::generate(&paths)?;
    let mpy_cross = mpycross::build(&paths, &zig, &source)?;
    let core = guest::compile(&paths, &zig, &source, &mpy_cross)?;
    component::componentize(&paths, &core)?;
    Ok((paths, zig))
}
