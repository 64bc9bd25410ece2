//! The compatibility corpus: small, ordinary Python programs in `compat/<category>/*.py`,
//! each run under CPython (`python3`, output cached under `target/` by the file's hash) and
//! in a fresh sandbox session, their outputs (stdout and stderr interleaved) compared.
//!
//! `expected-failures.txt` lists, with a reason each, the programs that fail today. A run
//! is clean when every unlisted program passes and every listed one still fails (so the
//! list shrinks as the gaps close).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mpsandbox::Engine;
use mpsandbox_tests::programs::{CPYTHON_CRASH, cpython_cached, run_in_sandbox};

/// The list of programs that fail today: `<category/file.py> <reason>` per line.
pub const EXPECTED_FAILURES: &str = include_str!("expected-failures.txt");

/// The limit per program.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What to run and where.
pub struct Options {
    /// The corpus: `tests/compat`.
    pub corpus_dir: PathBuf,
    /// Where CPython's outputs are cached: `target/mpsandbox/compat`.
    pub work_dir: PathBuf,
    /// Only programs whose path contains one of these (all when empty).
    pub filters: Vec<String>,
    /// Programs run at once (default: one per core).
    pub jobs: usize,
    /// The limit per program (default [`DEFAULT_TIMEOUT`]).
    pub timeout: Duration,
}

impl Options {
    /// The defaults for this workspace.
    pub fn discover() -> Options {
        let tests = Path::new(mpsandbox_tests::TESTS_DIR);
        let out = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| tests.parent().expect("tests/ has a parent").join("target"))
            .join("mpsandbox");
        Options {
            corpus_dir: tests.join("compat"),
            work_dir: out.join("compat"),
            filters: Vec::new(),
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// How one program ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Same output as CPython.
    Passed,
    /// A different output.
    Failed { output: String, expected: String },
    /// The program itself is broken: CPython fails on it (or cannot run it).
    Broken(String),
}

/// One program's result.
#[derive(Clone, Debug)]
pub struct ProgramResult {
    /// `category/file.py`.
    pub name: String,
    pub outcome: Outcome,
    /// Its line in `expected-failures.txt`, if it has one.
    pub expected_failure: Option<String>,
}

impl ProgramResult {
    fn category(&self) -> &str {
        self.name.split_once('/').map_or("", |(c, _)| c)
    }

    fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Passed)
    }
}

/// The whole run.
pub struct Report {
    pub results: Vec<ProgramResult>,
    pub elapsed: Duration,
}

/// Runs the corpus.
pub fn run(options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let all = collect(&options.corpus_dir)?;
    let expected = parse_expected_failures(EXPECTED_FAILURES)?;
    if options.filters.is_empty()
        && let Some(stale) = expected.keys().find(|name| !all.contains(name))
    {
        return Err(format!(
            "expected-failures.txt names {stale}, which is not in the corpus"
        ));
    }
    let selected: Vec<String> = all
        .into_iter()
        .filter(|name| {
            options.filters.is_empty() || options.filters.iter().any(|f| name.contains(f.as_str()))
        })
        .collect();
    let engine = Engine::new().map_err(|e| format!("cannot load the component: {e}"))?;
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(selected.len()));
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(name) = selected.get(i) else { break };
                    let outcome = run_one(&engine, options, name);
                    results.lock().unwrap().push(ProgramResult {
                        name: name.clone(),
                        outcome,
                        expected_failure: expected.get(name).cloned(),
                    });
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Report {
        results,
        elapsed: started.elapsed(),
    })
}

fn run_one(engine: &Engine, options: &Options, name: &str) -> Outcome {
    let path = options.corpus_dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Broken(format!("cannot read {}: {e}", path.display())),
    };
    let Ok(source) = String::from_utf8(bytes.clone()) else {
        return Outcome::Broken("the program is not UTF-8".into());
    };
    let expected = match cpython_cached(&path, &bytes, &options.work_dir.join("cpython")) {
        Ok(text) if text.starts_with(CPYTHON_CRASH) => return Outcome::Broken(text),
        Ok(text) => text,
        Err(e) => return Outcome::Broken(e),
    };
    let output = run_in_sandbox(engine, source, None, options.timeout);
    if output == expected {
        Outcome::Passed
    } else {
        Outcome::Failed { output, expected }
    }
}

/// The `.py` files one folder down in `dir`, as `category/file.py`, sorted.
fn collect(dir: &Path) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let list = |dir: &Path| {
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))
    };
    for category in list(dir)? {
        let category = category.map_err(|e| e.to_string())?;
        if !category.file_type().map_err(|e| e.to_string())?.is_dir() {
            continue;
        }
        for file in list(&category.path())? {
            let file = file.map_err(|e| e.to_string())?.file_name();
            let file = file.to_string_lossy();
            if file.ends_with(".py") {
                names.push(format!("{}/{file}", category.file_name().to_string_lossy()));
            }
        }
    }
    names.sort();
    Ok(names)
}

/// Parses `<category/file.py> <reason>` lines; `#` starts a comment line.
fn parse_expected_failures(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut list = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(char::is_whitespace) {
            Some((name, reason)) if !reason.trim().is_empty() => {
                list.insert(name.to_owned(), reason.trim().to_owned());
            }
            _ => {
                return Err(format!(
                    "expected-failures.txt line {}: `{line}` has no reason",
                    number + 1
                ));
            }
        }
    }
    Ok(list)
}

impl Report {
    /// Programs that fail and are not listed as expected failures (or are broken).
    pub fn unexpected_failures(&self) -> Vec<&ProgramResult> {
        self.results
            .iter()
            .filter(|r| match r.outcome {
                Outcome::Passed => false,
                Outcome::Failed { .. } => r.expected_failure.is_none(),
                Outcome::Broken(_) => true,
            })
            .collect()
    }

    /// Programs listed as expected failures that pass now.
    pub fn unexpected_passes(&self) -> Vec<&ProgramResult> {
        self.results
            .iter()
            .filter(|r| r.passed() && r.expected_failure.is_some())
            .collect()
    }

    /// Whether the run matches `expected-failures.txt` exactly.
    pub fn clean(&self) -> bool {
        self.unexpected_failures().is_empty() && self.unexpected_passes().is_empty()
    }

    /// The pass rate by category, a line per category and one for the whole corpus.
    pub fn pass_rates(&self) -> String {
        let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for result in &self.results {
            let entry = by_category.entry(result.category()).or_default();
            entry.1 += 1;
            if result.passed() {
                entry.0 += 1;
            }
        }
        let mut text = String::new();
        let line = |text: &mut String, name: &str, (passed, total): (usize, usize)| {
            let rate = if total == 0 {
                0.0
            } else {
                100.0 * passed as f64 / total as f64
            };
            let _ = writeln!(text, "{name:<16} {passed:>4} / {total:<4} {rate:5.1}%");
        };
        let mut all = (0, 0);
        for (category, counts) in &by_category {
            line(&mut text, category, *counts);
            all.0 += counts.0;
            all.1 += counts.1;
        }
        line(&mut text, "all", all);
        text
    }

    /// Everything: each failure with a diff (CPython's output against ours), the programs
    /// whose state differs from `expected-failures.txt`, and the pass rates.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        for result in &self.results {
            let listed = match &result.expected_failure {
                Some(reason) => format!(" (expected: {reason})"),
                None => String::new(),
            };
            match &result.outcome {
                Outcome::Passed => {}
                Outcome::Broken(why) => {
                    let _ = writeln!(text, "BROKEN {}: fails under CPython\n{why}", result.name);
                }
                Outcome::Failed { output, expected } => {
                    let _ = writeln!(text, "FAIL {}{listed}", result.name);
                    let diff = mpsandbox_tests::similar::TextDiff::from_lines(expected, output);
                    let _ = write!(
                        text,
                        "{}",
                        diff.unified_diff()
                            .context_radius(2)
                            .header("cpython", "mpsandbox")
                    );
                }
            }
        }
        for result in self.unexpected_failures() {
            let _ = writeln!(
                text,
                "UNEXPECTED FAILURE {}: not in expected-failures.txt",
                result.name
            );
        }
        for result in self.unexpected_passes() {
            let _ = writeln!(
                text,
                "UNEXPECTED PASS {}: remove it from expected-failures.txt",
                result.name
            );
        }
        text.push_str(&self.pass_rates());
        let _ = writeln!(text, "({:.1?})", self.elapsed);
        text
    }
}
