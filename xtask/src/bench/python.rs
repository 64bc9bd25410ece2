//! The competitors of `cargo xtask bench` (the Python packages `pyeryx` and `pydantic-monty`,
//! installed from PyPI into venvs under `target/`), and its Python section: mpsandbox's wheel
//! measured from Python against the reference system (its figures from the main run, also
//! taken from Python) and the competitors.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use super::{
    Better, CLI_CODE, Figures, Options, Row, Target, driven, format_ratio, format_value,
    process_time,
};
use crate::paths::Paths;
use crate::step::Step;
use crate::toolchain::write_if_changed;

/// The driver of the Python section (written next to the venvs it runs in).
const DRIVER: &str = include_str!("python_driver.py");
/// pyeryx (CPython in WebAssembly), pinned; its wheels need CPython 3.12.
const PYERYX: &str = "pyeryx==0.11.0";
/// pydantic-monty (a Rust interpreter for a Python subset), pinned: 1.5 needs Python 3.14.
const MONTY: &str = "pydantic-monty==1.4.0";

const ROWS: &[Row] = &[
    Row {
        id: "first_exec",
        label: "new session + first exec",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(40.0)),
    },
    Row {
        id: "warm_exec",
        label: "warm exec(\"x = x + 1\")",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(6.0)),
    },
    Row {
        id: "call",
        label: "call(\"add\", 1, 2)",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "host_fn",
        label: "host-function round trip",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(2.0)),
    },
    Row {
        id: "fib25",
        label: "fib(25)",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "strings_dicts",
        label: "strings and dicts",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "rss_per_session",
        label: "memory per idle session",
        kind: "KiB",
        better: Better::Lower,
        target: None,
    },
];

/// The competitors (pyeryx, then monty), each from a venv of its own through the Python
/// driver, with their command lines' process start (`-c 'print(1+1)'`) for the CLI row.
/// A competitor that cannot be installed or run is a column that says why.
pub fn competitors(
    paths: &Paths,
    dir: &Path,
    spec: &Path,
    options: &Options,
) -> Result<Vec<(&'static str, Figures)>> {
    let driver = dir.join("python_driver.py");
    write_if_changed(&driver, DRIVER.as_bytes())?;
    let runs = if options.quick { 5 } else { 20 };
    let mut systems = Vec::new();
    for (system, package, python, cli) in [
        ("pyeryx", PYERYX, python312(), "eryx"),
        ("monty", MONTY, None, "monty"),
    ] {
        let venv = dir.join(format!("{system}-venv"));
        let mut figures = competitor(paths, &driver, spec, options, &venv, package, python);
        if figures.missing.is_none() {
            let cli = venv.join("bin").join(cli);
            figures.set(
                "cli_process",
                process_time(Command::new(cli).args(["-c", CLI_CODE]), runs).ok(),
            );
        }
        systems.push((system, figures));
    }
    Ok(systems)
}

/// Measures and prints the section: mpsandbox's wheel from Python, against `others` (the
/// reference's figures from the main run, also taken from Python, and the competitors').
pub fn run(
    paths: &Paths,
    dir: &Path,
    spec: &Path,
    options: &Options,
    others: &[(&str, &Figures)],
) -> Result<()> {
    let driver = dir.join("python_driver.py");
    write_if_changed(&driver, DRIVER.as_bytes())?;
    let wheel = crate::python::wheel(paths, true)?;
    let ours_python = crate::python::install(paths, "bench-venv", &wheel, &[])?;

    let step = Step::start("measure", "mpsandbox from Python");
    let ours = driven(
        &ours_python,
        "mpsandbox",
        &driver,
        spec,
        options,
        paths,
        &[],
    );
    step.finish("Python section measured");
    let mut systems: Vec<(&str, Figures)> = vec![("mpsandbox", ours)];
    for (name, figures) in others {
        systems.push((name, figures.copy()));
    }
    print(&systems);
    Ok(())
}

/// A competitor's figures, from the venv `venv` (made with `python` when given).
fn competitor(
    paths: &Paths,
    driver: &Path,
    spec: &Path,
    options: &Options,
    venv: &Path,
    package: &str,
    python: Option<Result<String, String>>,
) -> Figures {
    let python = match python {
        Some(Err(why)) => return Figures::unavailable(why),
        Some(Ok(p)) => Some(p),
        None => None,
    };
    let system = venv
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix("-venv"))
        .unwrap_or("competitor");
    match crate::venv::ensure(
        paths,
        venv,
        python.as_deref(),
        &[package],
        &format!("bench-{system}"),
    ) {
        Ok(interpreter) => driven(&interpreter, system, driver, spec, options, paths, &[]),
        Err(e) => Figures::unavailable(format!("{package} could not be installed: {e:#}")),
    }
}

/// A CPython 3.12 for pyeryx: `$PYTHON312`, `python3.12` on PATH, or pyenv's.
fn python312() -> Option<Result<String, String>> {
    let mut candidates: Vec<String> = std::env::var("PYTHON312").into_iter().collect();
    candidates.push("python3.12".into());
    if let Ok(output) = Command::new("pyenv").args(["prefix", "3.12"]).output() {
        let prefix = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if output.status.success() && !prefix.is_empty() {
            candidates.push(format!("{prefix}/bin/python3.12"));
        }
    }
    let found = candidates.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 12)"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    Some(found.ok_or_else(|| {
        "pyeryx needs CPython 3.12 (none found: set PYTHON312, or install python3.12)".to_owned()
    }))
}

fn print(systems: &[(&str, Figures)]) {
    println!();
    println!(
        "Python: mpsandbox's wheel from Python, against the reference and the competitors' packages"
    );
    let mut header = format!("{:<28}{:>11}", "", "mpsandbox");
    for (name, _) in &systems[1..] {
        header.push_str(&format!("{:>11}{:>9}", name, "ratio"));
    }
    header.push_str(&format!("  {:<12}{}", "target", "met"));
    println!("{header}");
    let ours = &systems[0].1;
    for row in ROWS {
        let cell = |f: &Figures| {
            f.get(row.id).map_or_else(
                || {
                    if f.failed(row.id) {
                        "failed".into()
                    } else {
                        "n/a".into()
                    }
                },
                |v| format_value(row.kind, v),
            )
        };
        let mine = ours.get(row.id);
        let mut line = format!("{:<28}{:>11}", row.label, cell(ours));
        for (_, figures) in &systems[1..] {
            let ratio = mine.zip(figures.get(row.id)).map_or("-".into(), |(o, v)| {
                format_ratio(super::advantage(row, o, v))
            });
            line.push_str(&format!("{:>11}{:>9}", cell(figures), ratio));
        }
        if let Some(Target::AtMost(limit)) = row.target {
            let met = mine.map_or("?", |v| if v <= limit { "yes" } else { "NO" });
            line.push_str(&format!(
                "  {:<12}{met}",
                format!("<= {}", format_value(row.kind, limit))
            ));
        }
        println!("{line}");
    }
    for (name, figures) in systems {
        if let Some(reason) = &figures.missing {
            println!("{name}: not measured: {reason}");
        }
        for note in &figures.notes {
            println!("note: {note}");
        }
    }
}
