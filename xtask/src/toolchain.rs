//! The C-to-wasm compiler: `zig cc` (clang with wasi-libc) from PyPI's `ziglang`, installed
//! into a venv under `target/`. MicroPython's make calls it through [`crate::cc`].

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::paths::Paths;
use crate::step::Step;

/// The `ziglang` release from PyPI (zig 0.17: clang 22 with wasi-libc bundled).
const ZIGLANG_VERSION: &str = "0.17.0";

/// Makes sure the toolchain exists and returns the zig binary's path.
///
/// `PYTHON` overrides the interpreter that creates the venv (default `python3`).
pub fn ensure(paths: &Paths) -> Result<PathBuf> {
    let step = Step::start("toolchain", "checking zig");
    let venv = pip_venv(
        paths,
        &step,
        &paths.toolchain(),
        &format!("ziglang=={ZIGLANG_VERSION}"),
    )?;
    let zig = site_packages_file(&venv, "ziglang/zig")?;
    step.finish(&format!("zig {ZIGLANG_VERSION}"));
    Ok(zig)
}

/// Makes sure `dir/venv` is a Python venv with the pinned `requirement` (`name==version`)
/// installed from PyPI, and gives the venv. A stamp file marks a finished install.
///
/// `PYTHON` overrides the interpreter that creates the venv (default `python3`).
pub fn pip_venv(paths: &Paths, step: &Step, dir: &Path, requirement: &str) -> Result<PathBuf> {
    let venv = dir.join("venv");
    let name = requirement.replace("==", "-");
    let stamp = dir.join(format!("{name}.ok"));
    if !stamp.exists() {
        step.doing("creating a Python venv");
        create_venv(step, paths, &venv, &format!("venv-{name}"))?;
        step.doing(&format!("installing {requirement} from PyPI"));
        step.run(
            Command::new(venv.join("bin/pip")).args(["install", "--quiet", requirement]),
            &paths.logs(),
            &format!("pip-{name}"),
        )?;
        fs::write(&stamp, "")?;
    }
    Ok(venv)
}

/// Makes a new, empty Python venv at `venv` (removing one that is there), logging to
/// `logs/<log>.log`. `PYTHON` overrides the interpreter that creates it (default `python3`).
pub fn create_venv(step: &Step, paths: &Paths, venv: &Path, log: &str) -> Result<()> {
    if venv.exists() {
        fs::remove_dir_all(venv)?;
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    step.run(
        Command::new(&python).args(["-m", "venv"]).arg(venv),
        &paths.logs(),
        log,
    )
    .with_context(|| format!("`{python} -m venv` is needed (apt-get install python3-venv)"))?;
    Ok(())
}

/// Finds `relative` (for example `ziglang/zig`) inside the venv's `site-packages`.
pub fn site_packages_file(venv: &Path, relative: &str) -> Result<PathBuf> {
    for entry in fs::read_dir(venv.join("lib"))? {
        let file = entry?.path().join("site-packages").join(relative);
        if file.is_file() {
            return Ok(file);
        }
    }
    bail!(
        "no {relative} in {}; delete that folder and build again",
        venv.display()
    )
}

/// Writes `bytes` unless the file already holds them, so that timestamps only move on change.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}
