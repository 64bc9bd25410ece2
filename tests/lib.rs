//! Shared helpers for the integration tests.
//!
//! The tests run Python through the component that `cargo xtask build` writes to
//! `target/mpsandbox/mpsandbox.wasm` and that the `mpsandbox` library embeds when it is built
//! after it: run them with `cargo xtask test` (which builds first), or `cargo test --workspace`
//! once the component exists.
//!
//! - [`engine`] is one engine shared by every test of a test binary;
//!   [`session`] starts a fresh session on it.
//! - [`exec`] and [`call`] run code and fail the test, with the error's text, if it fails;
//!   [`exec_err`] expects an error.
//! - [`cli_at`] runs an `mpsandbox` binary. The integration suite (`tests/main.rs`, a test
//!   target of the CLI's package so that cargo builds the binary and names it in
//!   `CARGO_BIN_EXE_mpsandbox`) wraps it as `cli`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use mpsandbox::{CallOutput, Engine, Error, ExecOutput, Session, Value};

pub mod programs;

/// The diff library the corpus runner uses, for the test targets of other packages.
pub use similar;
/// The snapshot format's checksum and compression, for tests that forge snapshot files.
pub use {blake3, lz4_flex};

/// The workspace's `tests/` folder (the adversarial corpus, test data, conformance lists).
pub const TESTS_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The engine shared by the tests of one test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::new() {
        Ok(engine) => engine,
        Err(e) => panic!("cannot load the component: {e}"),
    })
}

/// An engine that meters fuel, shared by the tests that need one.
pub fn fuel_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builder().fuel(true).build().expect("an engine"))
}

/// A fresh session with the default settings.
pub fn session() -> Session {
    engine().session().expect("a session starts")
}

/// Runs `code`, failing the test with the error's text if it fails.
#[track_caller]
pub fn exec(session: &mut Session, code: &str) -> ExecOutput {
    match session.exec(code) {
        Ok(out) => out,
        Err(e) => panic!(
            "exec failed: {e}\n--- stdout:\n{}\n--- stderr:\n{}\n--- code:\n{code}",
            e.run.stdout, e.run.stderr
        ),
    }
}

/// Runs `code` and returns the value of its last expression, failing the test if it fails
/// or has no value.
#[track_caller]
pub fn eval(session: &mut Session, code: &str) -> Value {
    let out = exec(session, code);
    out.value
        .unwrap_or_else(|| panic!("no value for {code:?} (repr {:?})", out.repr))
}

/// Runs `code` and returns the `repr` of its last expression.
#[track_caller]
pub fn repr(session: &mut Session, code: &str) -> String {
    let out = exec(session, code);
    out.repr.unwrap_or_else(|| panic!("no repr for {code:?}"))
}

/// Runs `code`, expecting it to fail, and returns the error.
#[track_caller]
pub fn exec_err(session: &mut Session, code: &str) -> Error {
    match session.exec(code) {
        Ok(out) => panic!("exec succeeded, expected an error: {out:?}\n--- code:\n{code}"),
        Err(e) => e.error,
    }
}

/// Calls `name`, failing the test with the error's text if it fails.
#[track_caller]
pub fn call(
    session: &mut Session,
    name: &str,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> CallOutput {
    match session.call(name, args, kwargs) {
        Ok(out) => out,
        Err(e) => panic!("call of {name} failed: {e}"),
    }
}

/// What a run of the CLI produced.
#[derive(Debug)]
pub struct CliRun {
    /// The exit status (`None` if a signal ended it).
    pub status: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `mpsandbox` binary at `path` with `args`, and `stdin` as its standard input (a
/// pipe, so not a terminal). The integration tests pass the binary cargo built for them
/// (`CARGO_BIN_EXE_mpsandbox`).
pub fn cli_at(path: &Path, args: &[&str], stdin: &str) -> CliRun {
    let mut child = Command::new(path)
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .env_remove("MPSANDBOX_COMPONENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut input = child.stdin.take().expect("piped stdin");
    // The CLI may exit without reading its input; a broken pipe is fine then.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let out = child.wait_with_output().expect("the CLI runs");
    CliRun {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Checks that each `--json` line is a JSON object whose last member is `"usage"` holding a
/// numeric `wall_ms`, and replaces that object (wall times vary) with `"<usage>"`. The rest of
/// the line is kept as it is, so integers of any size stay exact.
pub fn redact_usage(json_lines: &str) -> String {
    json_lines
        .lines()
        .map(|line| {
            let parsed: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert!(
                parsed["usage"]["wall_ms"].is_number(),
                "usage.wall_ms in {line}"
            );
            let at = line
                .rfind(",\"usage\":")
                .unwrap_or_else(|| panic!("no usage in {line}"));
            format!("{},\"usage\":\"<usage>\"}}", &line[..at])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `target/mpsandbox/compose`, where `cargo xtask compose` writes the composed components
/// and `serve.json` (how to start them under `wasmtime serve`): found from the running test
/// binary, which cargo puts in `target/<profile>/deps/`.
pub fn compose_dir() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe
        .ancestors()
        .nth(3)
        .expect("the test binary is in target/<profile>/deps");
    target.join("mpsandbox").join("compose")
}
