//! The Python package (`python/`): builds its wheel with maturin and runs its pytest suite.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::paths::Paths;
use crate::step::Step;
use crate::venv;

/// The wheel builder, pinned.
const MATURIN: &str = "maturin==1.16.0";
/// The test runner, pinned.
const PYTEST: &str = "pytest==9.2.0";

/// Builds the wheel (`release`: cargo's release profile, else dev) into
/// `target/mpsandbox/python/wheels/`; returns its path.
pub fn wheel(paths: &Paths, release: bool) -> Result<PathBuf> {
    let dir = paths.out.join("python");
    let python = venv::ensure(paths, &dir.join("build-venv"), None, &[MATURIN], "maturin")?;
    let profile = if release { "release" } else { "dev" };
    let wheels = dir.join(format!("wheels-{profile}"));
    if wheels.exists() {
        fs::remove_dir_all(&wheels)?;
    }
    let step = Step::start("wheel", &format!("building the Python wheel ({profile})"));
    let mut command = Command::new(&python);
    command
        .args(["-m", "maturin", "build", "--quiet", "--profile", profile])
        .arg("--manifest-path")
        .arg(paths.root.join("python/Cargo.toml"))
        .arg("--out")
        .arg(&wheels)
        .arg("--interpreter")
        .arg(&python)
        .env("RUST_LIB_BACKTRACE", "0");
    step.run(&mut command, &paths.logs(), &format!("wheel-{profile}"))?;
    let wheel = fs::read_dir(&wheels)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .context("maturin wrote no wheel")?;
    let size = fs::metadata(&wheel)?.len();
    step.finish(&format!(
        "{} ({:.1} MiB)",
        wheel.file_name().unwrap_or_default().to_string_lossy(),
        size as f64 / (1 << 20) as f64
    ));
    Ok(wheel)
}

/// Installs `wheel` (and `extra` packages) into the venv at `target/mpsandbox/python/<name>`;
/// returns its interpreter.
pub fn install(paths: &Paths, name: &str, wheel: &Path, extra: &[&str]) -> Result<PathBuf> {
    let venv_dir = paths.out.join("python").join(name);
    let python = venv::ensure(paths, &venv_dir, None, extra, name)?;
    let step = Step::start("wheel", &format!("installing the wheel into {name}"));
    let args = [
        "--force-reinstall".as_ref(),
        "--no-deps".as_ref(),
        wheel.as_os_str(),
    ];
    step.run(
        &mut venv::pip_install(&python, &args),
        &paths.logs(),
        &format!("{name}-wheel"),
    )?;
    step.finish(&format!("installed into {name}"));
    Ok(python)
}

/// Builds the wheel, installs it into a venv with pytest, and runs `python/tests`.
pub fn test(paths: &Paths) -> Result<ExitCode> {
    let wheel = wheel(paths, false)?;
    let python = install(paths, "test-venv", &wheel, &[PYTEST])?;
    eprintln!("{:>12} pytest python/tests", "python");
    let status = Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(paths.root.join("python/tests"))
        // Not python/ itself: `python -m` puts the working folder on sys.path, and the source
        // package there has no native module.
        .current_dir(paths.out.join("python"))
        .env("RUST_LIB_BACKTRACE", "0")
        // The CLI the Rust tests built, for the tests that exchange snapshot files with it.
        .env("MPSANDBOX_CLI", crate::host::cli_path(paths))
        .status()
        .context("cannot start pytest")?;
    if status.code().is_none() {
        bail!("pytest was killed ({status})");
    }
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}
