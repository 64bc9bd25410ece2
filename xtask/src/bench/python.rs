//! The Python section of `cargo xtask bench`: mpsandbox's wheel measured from Python against
//! the reference system (its figures from the main run, also taken from Python) and the two
//! competitors' Python packages, installed from PyPI into venvs under `target/`.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use super::{Better, Figures, Options, Row, Target, driven, format_ratio, format_value};
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
        id: "rss_per_session",
        label: "memory per idle session",
        kind: "KiB",
        better: Better::Lower,
        target: None,
    },
];

/// Measures and prints the section. `reference` holds the reference system's figures from
/// the main run, when it ran.
pub fn run(
    paths: &Paths,
    dir: &Path,
    spec: &Path,
    options: &Options,
    reference: Option<&Figures>,
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
    let mut systems: Vec<(&str, Figures)> = vec![("mpsandbox", ours)];
    if !options.only_ours {
        let reference = reference.map_or_else(
            || Figures::unavailable("not measured in this run".into()),
            |f| Figures {
                values: f.values.clone(),
                notes: Vec::new(),
                missing: f.missing.clone(),
            },
        );
        systems.push(("reference", reference));
        step.doing("pyeryx");
        systems.push((
            "pyeryx",
            competitor(paths, &driver, spec, options, "pyeryx", PYERYX, python312()),
        ));
        step.doing("pydantic-monty");
        systems.push((
            "monty",
            competitor(paths, &driver, spec, options, "monty", MONTY, None),
        ));
    }
    step.finish("Python section measured");
    print(&systems);
    Ok(())
}

/// A competitor's figures, from a venv of its own (made with `python` when given).
fn competitor(
    paths: &Paths,
    driver: &Path,
    spec: &Path,
    options: &Options,
    system: &str,
    package: &str,
    python: Option<Result<String, String>>,
) -> Figures {
    let python = match python {
        Some(Err(why)) => return Figures::unavailable(why),
        Some(Ok(p)) => Some(p),
        None => None,
    };
    let venv = paths.out.join("bench").join(format!("{system}-venv"));
    match crate::venv::ensure(
        paths,
        &venv,
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
