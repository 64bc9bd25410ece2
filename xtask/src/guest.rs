//! Compiles our MicroPython port (`guest-micropython/`) with MicroPython's own make system,
//! using `xtask cc` (zig) as the compiler. Make keeps it incremental.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cc::ZIG_ENV;
use crate::paths::Paths;
use crate::step::Step;

/// The core module's file name inside the guest build folder.
const CORE_MODULE: &str = "mpsandbox.core.wasm";

/// Runs the port's Makefile, with `mpy_cross` compiling the frozen modules, and returns the
/// core module's path.
pub fn compile(paths: &Paths, zig: &Path, micropython: &Path, mpy_cross: &Path) -> Result<PathBuf> {
    let step = Step::start("guest", "compiling MicroPython for wasm32-wasi");
    let cc = std::env::current_exe().context("cannot locate the xtask binary")?;
    let cc = format!("{} cc", cc.display());
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let build = paths.guest_build();
    step.run(
        Command::new("make")
            .arg("-C")
            .arg(paths.guest_src())
            .arg(format!("-j{jobs}"))
            .arg(format!("MICROPY_TOP={}", micropython.display()))
            .arg(format!("BUILD={}", build.display()))
            .arg(format!("BINDINGS={}", paths.bindings().display()))
            .arg(format!("CC={cc}"))
            .arg(format!("CPP={cc} -E"))
            .arg(format!("LD={cc}"))
            .arg(format!("MICROPY_MPYCROSS={}", mpy_cross.display()))
            .env(ZIG_ENV, zig),
        &paths.logs(),
        "guest",
    )
    .context("the guest port did not build (needs make and python3)")?;
    let core = build.join(CORE_MODULE);
    let size = std::fs::metadata(&core)
        .with_context(|| format!("make succeeded but wrote no {}", core.display()))?
        .len();
    step.finish(&format!("{CORE_MODULE} ({} KiB)", size / 1024));
    Ok(core)
}
