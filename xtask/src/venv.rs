//! Python virtual environments under `target/`, holding pinned packages from PyPI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use crate::paths::Paths;
use crate::step::Step;

/// The venv at `dir` with `packages` installed (pinned requirement strings), made with
/// `python` (default `$PYTHON` or `python3`); returns its interpreter. Made again when the
/// requirements change; left alone when they are installed already.
pub fn ensure(
    paths: &Paths,
    dir: &Path,
    python: Option<&str>,
    packages: &[&str],
    log: &str,
) -> Result<PathBuf> {
    let interpreter = dir.join("bin/python");
    let stamp = dir.join("mpsandbox-requirements.txt");
    let wanted = format!("{}\n{}\n", python.unwrap_or(""), packages.join("\n"));
    if interpreter.exists() && fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(interpreter);
    }
    let step = Step::start(
        "venv",
        &format!("installing {} into a venv", packages.join(", ")),
    );
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let system_python = python
        .map(str::to_owned)
        .or_else(|| std::env::var("PYTHON").ok())
        .unwrap_or_else(|| "python3".to_owned());
    step.run(
        Command::new(&system_python).args(["-m", "venv"]).arg(dir),
        &paths.logs(),
        &format!("{log}-venv"),
    )?;
    // pip refuses to run without a requirement: an empty venv is made only.
    if !packages.is_empty() {
        step.run(
            &mut pip_install(&interpreter, packages),
            &paths.logs(),
            &format!("{log}-pip"),
        )?;
    }
    fs::write(&stamp, wanted)?;
    step.finish(&format!("{} installed", packages.join(", ")));
    Ok(interpreter)
}

/// `python -m pip install --quiet <args>`.
pub fn pip_install<S: AsRef<std::ffi::OsStr>>(python: &Path, args: &[S]) -> Command {
    let mut command = Command::new(python);
    command
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(args);
    command
}
