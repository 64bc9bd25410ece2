//! `xtask cc ARGS...`: the C compiler MicroPython's make calls (`CC`, `CPP`, `LD`).
//!
//! It runs `zig cc` for wasm32-wasi with the flags that make setjmp/longjmp work (LLVM's wasm
//! SjLj lowering in the standard exnref form). `xtask cc --host ARGS...` compiles for the
//! build machine instead (MicroPython's `mpy-cross`, see `mpycross.rs`). `zig cc -E` drops the libc include paths when
//! given several inputs or stdin, and MicroPython's qstr extraction does both, so
//! preprocessing runs one file at a time and stdin is spooled to a temporary `.c` file.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{Command, ExitCode};

/// The environment variable that tells the wrapper where zig is (set by the build).
pub const ZIG_ENV: &str = "MPSANDBOX_ZIG";

/// Flags for every compiler call: the target, exceptions, and the SjLj lowering.
const TARGET_FLAGS: [&str; 7] = [
    "--target=wasm32-wasi",
    "-mexception-handling",
    "-mllvm",
    "-wasm-enable-sjlj",
    "-mllvm",
    "-wasm-use-legacy-eh=false",
    "-Wno-unused-command-line-argument",
];

/// Options whose value is the next argument (so that value is not taken for an input).
const TAKES_VALUE: [&str; 12] = [
    "-o", "-I", "-D", "-U", "-include", "-MF", "-MT", "-MQ", "-isystem", "-x", "-mllvm", "-Xlinker",
];

/// The first argument that selects a compiler for the build machine.
pub const HOST_FLAG: &str = "--host";

/// Runs the wrapper with the compiler arguments `args` (after [`HOST_FLAG`] if any).
pub fn main(mut args: Vec<OsString>) -> ExitCode {
    let Some(zig) = std::env::var_os(ZIG_ENV) else {
        eprintln!("xtask cc: {ZIG_ENV} is not set; run it through `cargo xtask build`");
        return ExitCode::FAILURE;
    };
    let host = args.first().is_some_and(|arg| arg == HOST_FLAG);
    if host {
        args.remove(0);
    }
    let zig_cc = || {
        let mut command = Command::new(&zig);
        command.arg("cc");
        if !host {
            command.args(TARGET_FLAGS);
        }
        command
    };
    let result = if args.iter().any(|arg| arg == "-E") {
        preprocess(zig_cc, &args)
    } else {
        zig_cc().args(&args).status()
    };
    match result {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(1, 255) as u8),
        Err(error) => {
            eprintln!("xtask cc: cannot run {}: {error}", zig.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}

/// Preprocesses each input on its own, in order, to the same stdout.
fn preprocess(
    zig_cc: impl Fn() -> Command,
    args: &[OsString],
) -> std::io::Result<std::process::ExitStatus> {
    let (mut options, mut inputs) = (Vec::new(), Vec::new());
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if TAKES_VALUE.contains(&text.as_ref()) {
            options.push(arg.clone());
            options.extend(iter.next().cloned());
        } else if text == "-"
            || (!text.starts_with('-') && (text.ends_with(".c") || text.ends_with(".h")))
        {
            inputs.push(arg.clone());
        } else {
            options.push(arg.clone());
        }
    }
    if inputs.is_empty() {
        inputs.push("-".into());
    }
    let mut last = None;
    for input in inputs {
        let spooled = if input == "-" {
            Some(spool_stdin()?)
        } else {
            None
        };
        let path = spooled
            .as_ref()
            .map_or(input.clone(), |file| file.path().into());
        std::io::stdout().flush()?;
        let status = zig_cc().args(&options).arg(path).status()?;
        if !status.success() {
            return Ok(status);
        }
        last = Some(status);
    }
    Ok(last.expect("there is at least one input"))
}

/// Copies stdin to a temporary `.c` file, removed when dropped.
fn spool_stdin() -> std::io::Result<tempfile::NamedTempFile> {
    let mut source = Vec::new();
    std::io::stdin().read_to_end(&mut source)?;
    let mut file = tempfile::Builder::new().suffix(".c").tempfile()?;
    file.write_all(&source)?;
    Ok(file)
}
