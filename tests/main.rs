//! The integration suite: one test binary, a module per area, run against the built component
//! and the `mpsandbox` binary (`cargo xtask test`).
//!
//! It is a test target of the CLI's package (`host/cli/Cargo.toml`), so cargo builds the
//! binary with it and names it in `CARGO_BIN_EXE_mpsandbox`. Shared helpers live in the
//! `mpsandbox-tests` library (`tests/lib.rs`); they are re-exported here with [`cli`].

pub use mpsandbox_tests::*;

/// The `mpsandbox` binary cargo built for this suite.
pub fn cli_path() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_BIN_EXE_mpsandbox"))
}

/// Runs the `mpsandbox` binary with `args`, and `stdin` as its standard input (a pipe).
pub fn cli(args: &[&str], stdin: &str) -> CliRun {
    cli_at(cli_path(), args, stdin)
}

/// Attacks in `tests/adversarial/`, each with its expected outcome.
mod adversarial;
/// Capabilities: nothing ambient; deterministic mode.
mod capabilities;
/// The `mpsandbox` command, end to end.
mod cli;
/// The compatibility corpus: ordinary programs print what CPython prints.
#[path = "compat/test.rs"]
mod compat;
/// The sandbox composed with the example provider component, under our host.
mod compose;
/// MicroPython's own test suite through the sandbox; every non-excluded test must pass.
#[path = "conformance/test.rs"]
mod conformance;
/// Directory grants: access, read-only enforcement, no escape.
mod dirs;
/// Syntax errors, exceptions, tracebacks, `sys.exit`: typed errors and their texts.
mod errors;
/// Outbound HTTP (requests over wasi:http) against a server on 127.0.0.1.
mod http;
/// https with a trusted root certificate, and without.
mod https;
/// Limits: memory, time, fuel, stack, output; lost sessions; usage.
mod limits;
/// The pooling allocator: slots, sessions beyond the pool, limits on both.
mod pool;
/// Python semantics and the enabled modules.
mod python;
/// The HTTP composition under the real `wasmtime serve`.
mod serve;
/// Sessions: persistence, memory, isolation, output, lost sessions.
mod session;
/// Snapshots: save, restore, fork, the byte form, bad files.
mod snapshot;
/// Values across `call`, in both directions; host functions.
mod values;
