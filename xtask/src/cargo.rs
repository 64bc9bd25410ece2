//! Running cargo and passing on exit statuses: what every command of xtask shares.

use std::process::{Command, ExitCode, ExitStatus};

/// `cargo` as cargo itself named it for this process (falls back to `cargo` on PATH), with
/// `RUST_LIB_BACKTRACE=0` for whatever it runs (see the README: wasm exceptions would each
/// capture a backtrace).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.env("RUST_LIB_BACKTRACE", "0");
    command
}

/// The exit code that passes on `status`: its code, clamped to what a process can exit with
/// (1 when a signal ended it).
pub fn exit_code(status: ExitStatus) -> ExitCode {
    ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8)
}
