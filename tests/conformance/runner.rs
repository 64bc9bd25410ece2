//! MicroPython's own test suite, run through the sandbox the way its `tests/run-tests.py` runs
//! it on the unix port.
//!
//! Each test file runs in a fresh session. Its output (stdout and stderr interleaved, as the
//! runner merges them) is compared with the expected output: the file's `.exp` when it has one,
//! otherwise what CPython (`python3`) prints for it, cached under `target/` by the file's
//! sha256. Upstream's conventions that apply to an in-process bytecode port are kept:
//!
//! - a test whose whole output is `SKIP` skipped itself (it probes for a feature this build
//!   leaves out);
//! - the `feature_check/` scripts run first, and decide the same name-based skips as upstream
//!   (`native_*`/`viper_*` without the native emitter, float precision, complex numbers...);
//! - an uncaught exception ends the output with the traceback and `CRASH`, a timeout with
//!   `TIMEOUT`, as the unix port's exit status makes upstream do;
//! - the "special" tests compare line by line against an `.exp` whose `########` lines match
//!   any number of lines.
//!
//! What the sandbox deliberately leaves out is listed, with a reason each, in
//! `exclusions.txt` next to this file; excluded tests are not run. Everything else must pass.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mpsandbox::Engine;
use mpsandbox_tests::programs::{cpython, cpython_cached, first_difference, run_in_sandbox};
use serde_json::json;

/// The folders of MicroPython's `tests/` that the sandbox runs.
pub const DIRS: &[&str] = &["basics", "float", "unicode", "extmod", "misc"];

/// Upstream's limit per test on a PC (`TEST_TIMEOUT` in run-tests.py).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The exclusion list: `<test or glob> <reason>` per line.
pub const EXCLUSIONS: &str = include_str!("exclusions.txt");

/// Tests compared line by line, with `########` matching any lines (run-tests.py's
/// `special_tests` that are in [`DIRS`]).
const SPECIAL: &[&str] = &["basics/bytes_compare3.py", "basics/builtin_help.py"];

/// What to run and where.
pub struct Options {
    /// MicroPython's `tests/` folder.
    pub tests_dir: PathBuf,
    /// Where CPython's outputs are cached and failures' outputs are written.
    pub work_dir: PathBuf,
    /// Only tests whose path contains one of these (all when empty).
    pub filters: Vec<String>,
    /// Tests run at once.
    pub jobs: usize,
    /// The limit per test file.
    pub timeout: Duration,
}

impl Options {
    /// The defaults for this workspace: the MicroPython tree `cargo xtask build` extracted (or
    /// the checkout `MPSANDBOX_MICROPYTHON` names), `target/mpsandbox/conformance`, one job per
    /// core.
    pub fn discover() -> Options {
        let root = Path::new(mpsandbox_tests::TESTS_DIR)
            .parent()
            .expect("tests/ has a parent")
            .to_path_buf();
        let out = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"))
            .join("mpsandbox");
        let tests_dir = find_tests_dir(&out)
            .unwrap_or_else(|| out.join("micropython/src/micropython-1.25.0/tests"));
        Options {
            tests_dir,
            work_dir: out.join("conformance"),
            filters: Vec::new(),
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The JSON report's default place: `target/mpsandbox/conformance.json`.
    pub fn default_json(&self) -> PathBuf {
        self.work_dir.with_extension("json")
    }
}

fn find_tests_dir(out: &Path) -> Option<PathBuf> {
    let custom = std::env::var_os("MPSANDBOX_MICROPYTHON").map(PathBuf::from);
    if let Some(tests) = custom.map(|tree| tree.join("tests"))
        && tests.join("run-tests.py").is_file()
    {
        return Some(tests);
    }
    let mut trees: Vec<PathBuf> = std::fs::read_dir(out.join("micropython/src"))
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path().join("tests")))
        .filter(|tests| tests.join("run-tests.py").is_file())
        .collect();
    trees.sort();
    trees.pop()
}

/// How one test ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    Passed,
    Failed { output: String, expected: String },
    Skipped(String),
    Excluded(String),
}

/// One test file's result.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The path under `tests/`, for example `basics/int1.py`.
    pub name: String,
    pub outcome: Outcome,
    pub duration: Duration,
}

/// The whole run.
pub struct Report {
    pub results: Vec<TestResult>,
    pub elapsed: Duration,
}

/// Runs the suite.
pub fn run(options: &Options) -> Result<Report, String> {
    if !options.tests_dir.join("run-tests.py").is_file() {
        return Err(format!(
            "MicroPython's test suite is not in {}: run `cargo xtask build` first",
            options.tests_dir.display()
        ));
    }
    let started = Instant::now();
    let engine = Engine::new().map_err(|e| format!("cannot load the component: {e}"))?;
    let exclusions = parse_exclusions(EXCLUSIONS)?;
    let all = collect(&options.tests_dir)?;
    if options.filters.is_empty() {
        for (pattern, _) in &exclusions {
            if !all.iter().any(|name| glob_match(pattern, name)) {
                return Err(format!(
                    "exclusions.txt: `{pattern}` matches no test; remove it"
                ));
            }
        }
    }
    let selected: Vec<String> = all
        .into_iter()
        .filter(|name| {
            options.filters.is_empty() || options.filters.iter().any(|f| name.contains(f.as_str()))
        })
        .collect();
    let features = Features::probe(&engine, options)?;
    let runner = Runner {
        engine,
        options,
        exclusions,
        features,
    };
    let results = runner.run_all(&selected);
    let report = Report {
        results,
        elapsed: started.elapsed(),
    };
    report.write_failures(&options.work_dir.join("results"))?;
    Ok(report)
}

/// The `.py` files of [`DIRS`], as paths under `tests/`, sorted.
fn collect(tests_dir: &Path) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for dir in DIRS {
        let entries = std::fs::read_dir(tests_dir.join(dir))
            .map_err(|e| format!("cannot list {}: {e}", tests_dir.join(dir).display()))?;
        for entry in entries {
            let name = entry.map_err(|e| e.to_string())?.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".py") {
                names.push(format!("{dir}/{name}"));
            }
        }
    }
    names.sort();
    Ok(names)
}

/// Parses `<glob> <reason>` lines; `#` starts a comment line.
fn parse_exclusions(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut list = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(char::is_whitespace) {
            Some((pattern, reason)) if !reason.trim().is_empty() => {
                list.push((pattern.to_owned(), reason.trim().to_owned()))
            }
            _ => {
                return Err(format!(
                    "exclusions.txt line {}: `{line}` has no reason",
                    number + 1
                ));
            }
        }
    }
    Ok(list)
}

/// Whether `name` matches `pattern`, where `*` matches any run of characters.
fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.starts_with(head)
                && (0..=name.len() - head.len()).any(|i| {
                    name.is_char_boundary(head.len() + i)
                        && glob_match(tail, &name[head.len() + i..])
                })
        }
    }
}

/// A skip by file stem: whether it applies, and why.
type NameSkip = (fn(&str) -> bool, &'static str);

/// What the `feature_check/` scripts found, as run-tests.py uses it to skip tests by name.
struct Features {
    /// Name-based skips that apply, each with why: (predicate on the file stem, reason).
    skip_by_name: Vec<NameSkip>,
    /// Files upstream skips for this build, with why.
    skip_files: BTreeMap<&'static str, &'static str>,
}

impl Features {
    fn probe(engine: &Engine, options: &Options) -> Result<Features, String> {
        let check = |file: &str| -> Result<String, String> {
            let path = options.tests_dir.join("feature_check").join(file);
            let source = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let work = tempfile::tempdir().map_err(|e| format!("cannot make a directory: {e}"))?;
            Ok(run_in_sandbox(
                engine,
                source,
                Some(work.path()),
                options.timeout,
            ))
        };
        let mut skip_by_name: Vec<NameSkip> = Vec::new();
        let mut skip_files = BTreeMap::new();
        type NameRule = (&'static str, &'static str, fn(&str) -> bool, &'static str);
        let rules: &[NameRule] = &[
            (
                "native_check.py",
                "native\n",
                |n| n.starts_with("native_") || n.starts_with("viper_"),
                "no native/viper emitter",
            ),
            (
                "int_big.py",
                "1000000000000000000000000000000000000000000000\n",
                |n| n.starts_with("int_big") || n.ends_with("_intbig"),
                "no big integers",
            ),
            (
                "bytearray.py",
                "bytearray\n",
                |n| n.starts_with("bytearray") || n.ends_with("_bytearray"),
                "no bytearray",
            ),
            (
                "set_check.py",
                "{1}\n",
                |n| n.starts_with("set_") || n.starts_with("frozenset") || n.ends_with("_set"),
                "no set type",
            ),
            (
                "async_check.py",
                "async\n",
                |n| n.starts_with("async_") || n.starts_with("asyncio_"),
                "no async/await",
            ),
            (
                "const.py",
                "1\n",
                |n| n.starts_with("const"),
                "no const keyword",
            ),
            (
                "io_module.py",
                "io\n",
                |n| n.starts_with("io_"),
                "no io module",
            ),
            (
                "fstring.py",
                "a=1\n",
                |n| n.starts_with("string_fstring"),
                "no f-strings",
            ),
        ];
        for &(file, expected, applies, reason) in rules {
            if check(file)? != expected {
                skip_by_name.push((applies, reason));
            }
        }
        if check("reverse_ops.py")? == "TypeError\n" {
            skip_by_name.push((|n| n.contains("reverse_op"), "no __rOP__ special methods"));
        }
        let precision: u32 = check("float.py")?.trim().parse().unwrap_or(0);
        if precision < 64 {
            for file in [
                "float/float_divmod.py",
                "float/float2int_doubleprec_intbig.py",
                "float/float_format_ints_doubleprec.py",
                "float/float_parse_doubleprec.py",
            ] {
                skip_files.insert(file, "floats are not double precision");
            }
        }
        if check("complex.py")? != "complex\n" {
            for file in [
                "float/complex1.py",
                "float/complex1_intbig.py",
                "float/complex_reverse_op.py",
                "float/complex_special_methods.py",
                "float/int_big_float.py",
                "float/true_value.py",
                "float/types.py",
                "float/complex_dunder.py",
            ] {
                skip_files.insert(file, "no complex numbers");
            }
        }
        if check("coverage.py")? != "coverage\n" {
            skip_files.insert("extmod/ssl_poll.py", "needs the unix coverage build");
        }
        let byteorder = check("byteorder.py")?;
        let cpython_byteorder = cpython(&options.tests_dir.join("feature_check/byteorder.py"))?;
        if byteorder != cpython_byteorder {
            skip_by_name.push((
                |n| n.ends_with("_endian"),
                "byte order differs from CPython's",
            ));
        }
        // run-tests.py: "warning is not printed" on platforms other than a PC's unix port.
        skip_files.insert(
            "basics/exception_chain.py",
            "upstream skips it off the unix port (warnings are not printed)",
        );
        Ok(Features {
            skip_by_name,
            skip_files,
        })
    }

    fn skip_reason(&self, name: &str) -> Option<String> {
        if let Some(reason) = self.skip_files.get(name) {
            return Some((*reason).to_owned());
        }
        let stem = name
            .rsplit('/')
            .next()
            .unwrap_or(name)
            .trim_end_matches(".py");
        self.skip_by_name
            .iter()
            .find(|(applies, _)| applies(stem))
            .map(|(_, reason)| (*reason).to_owned())
    }
}

struct Runner<'a> {
    engine: Engine,
    options: &'a Options,
    exclusions: Vec<(String, String)>,
    features: Features,
}

impl Runner<'_> {
    /// Runs `names` on `options.jobs` threads; results in the order of `names`.
    fn run_all(&self, names: &[String]) -> Vec<TestResult> {
        let next = AtomicUsize::new(0);
        let results = Mutex::new(Vec::with_capacity(names.len()));
        std::thread::scope(|scope| {
            for _ in 0..self.options.jobs.max(1) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(name) = names.get(i) else { break };
                        let result = self.run_one(name);
                        results.lock().unwrap().push((i, result));
                    }
                });
            }
        });
        let mut results = results.into_inner().unwrap();
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, r)| r).collect()
    }

    fn run_one(&self, name: &str) -> TestResult {
        let started = Instant::now();
        let outcome = self.outcome(name);
        TestResult {
            name: name.to_owned(),
            outcome,
            duration: started.elapsed(),
        }
    }

    fn outcome(&self, name: &str) -> Outcome {
        if let Some((_, reason)) = self.exclusions.iter().find(|(p, _)| glob_match(p, name)) {
            return Outcome::Excluded(reason.clone());
        }
        if let Some(reason) = self.features.skip_reason(name) {
            return Outcome::Skipped(reason);
        }
        let path = self.options.tests_dir.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                return failed(
                    format!("cannot read {}: {e}", path.display()),
                    String::new(),
                );
            }
        };
        let Ok(source) = String::from_utf8(bytes.clone()) else {
            return failed("the test file is not UTF-8".into(), String::new());
        };
        let output = match self.work_dir(name) {
            Ok(work) => run_in_sandbox(
                &self.engine,
                source,
                Some(work.path()),
                self.options.timeout,
            ),
            Err(e) => return failed(format!("cannot prepare a directory: {e}"), String::new()),
        };
        if output == "SKIP\n" {
            return Outcome::Skipped(
                "the test printed SKIP: it probes for a feature this build leaves out".into(),
            );
        }
        let exp_path = path.with_extension("py.exp");
        let expected = if exp_path.is_file() {
            match std::fs::read(&exp_path) {
                Ok(exp) => String::from_utf8_lossy(&exp).replace("\r\n", "\n"),
                Err(e) => {
                    return failed(output, format!("cannot read {}: {e}", exp_path.display()));
                }
            }
        } else {
            match cpython_cached(&path, &bytes, &self.options.work_dir.join("cpython")) {
                Ok(exp) => exp,
                Err(e) => return failed(output, e),
            }
        };
        let output = if SPECIAL.contains(&name) {
            match_special(&output, &expected)
        } else {
            output
        };
        if output == expected {
            Outcome::Passed
        } else {
            failed(output, expected)
        }
    }

    /// A fresh directory for the test at `name` (`category/file.py`), granted read-write
    /// as the session's working directory, as run-tests.py runs a test in its category's
    /// folder: holding a copy of the category's `data` folder, which some tests read.
    fn work_dir(&self, name: &str) -> std::io::Result<tempfile::TempDir> {
        let work = tempfile::tempdir()?;
        if let Some((category, _)) = name.split_once('/') {
            let data = self.options.tests_dir.join(category).join("data");
            if data.is_dir() {
                let dest = work.path().join("data");
                std::fs::create_dir_all(&dest)?;
                for entry in std::fs::read_dir(&data)? {
                    let entry = entry?;
                    if entry.file_type()?.is_file() {
                        std::fs::copy(entry.path(), dest.join(entry.file_name()))?;
                    }
                }
            }
        }
        Ok(work)
    }
}

fn failed(output: String, expected: String) -> Outcome {
    Outcome::Failed { output, expected }
}

/// run-tests.py's comparison for special tests: each expected line is a pattern matched at
/// the start of an output line (`\` escapes a character; other characters are literal here,
/// since the special tests in [`DIRS`] use no other regex syntax), and `########` matches any
/// number of whole lines. Returns the output rewritten so that it equals `expected` where it
/// matches.
fn match_special(output: &str, expected: &str) -> String {
    let exp: Vec<&str> = expected.split_inclusive('\n').collect();
    let mut out: Vec<String> = output.split('\n').map(|line| format!("{line}\n")).collect();
    if output.ends_with('\n') {
        out.pop();
    }
    let matches = |pattern: &str, line: &str| {
        let mut literal = String::new();
        let mut chars = pattern.strip_suffix('\n').unwrap_or(pattern).chars();
        while let Some(c) = chars.next() {
            literal.push(if c == '\\' {
                chars.next().unwrap_or('\\')
            } else {
                c
            });
        }
        match line.strip_prefix(literal.as_str()) {
            // The pattern's final newline may follow carriage returns.
            Some(rest) if pattern.ends_with('\n') => {
                rest.trim_start_matches('\r').starts_with('\n')
            }
            Some(_) => true,
            None => false,
        }
    };
    let mut i_out = 0;
    let mut i = 0;
    while i < exp.len() {
        if exp[i] == "########\n" {
            let Some(next) = exp.get(i + 1) else { break };
            let mut skip = 0;
            while i_out + skip < out.len() && !matches(next, &out[i_out + skip]) {
                skip += 1;
            }
            if i_out + skip >= out.len() {
                if i_out < out.len() {
                    out[i_out] = "######## FAIL\n".into();
                }
                break;
            }
            out.splice(i_out..i_out + skip, ["########\n".to_owned()]);
        } else if i_out < out.len() && matches(exp[i], &out[i_out]) {
            out[i_out] = exp[i].to_owned();
        }
        i_out += 1;
        i += 1;
        if i_out >= out.len() {
            break;
        }
    }
    out.concat()
}

impl Report {
    pub fn failed(&self) -> Vec<&TestResult> {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
            .collect()
    }

    fn count(&self, which: fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| which(&r.outcome)).count()
    }

    /// The summary: failures with where their output first differs, skips and exclusions by
    /// reason, and the counts.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        let mut by_reason: BTreeMap<(bool, &str), Vec<&str>> = BTreeMap::new();
        for result in &self.results {
            match &result.outcome {
                Outcome::Skipped(reason) => by_reason
                    .entry((false, reason))
                    .or_default()
                    .push(&result.name),
                Outcome::Excluded(reason) => by_reason
                    .entry((true, reason))
                    .or_default()
                    .push(&result.name),
                _ => {}
            }
        }
        for ((excluded, reason), names) in &by_reason {
            let what = if *excluded { "excluded" } else { "skipped" };
            let _ = writeln!(
                text,
                "{what} ({}): {reason}\n    {}",
                names.len(),
                names.join(" ")
            );
        }
        for result in self.failed() {
            let Outcome::Failed { output, expected } = &result.outcome else {
                unreachable!()
            };
            let _ = writeln!(text, "FAIL {} ({:.1?})", result.name, result.duration);
            let (line, got, want) = first_difference(output, expected);
            let _ = writeln!(
                text,
                "    line {line}: expected {want:?}\n    line {line}: got      {got:?}"
            );
        }
        let _ = writeln!(
            text,
            "{} tests: {} passed, {} failed, {} skipped, {} excluded ({:.1?})",
            self.results.len(),
            self.count(|o| matches!(o, Outcome::Passed)),
            self.count(|o| matches!(o, Outcome::Failed { .. })),
            self.count(|o| matches!(o, Outcome::Skipped(_))),
            self.count(|o| matches!(o, Outcome::Excluded(_))),
            self.elapsed,
        );
        text
    }

    /// Writes the report as JSON.
    pub fn write_json(&self, path: &Path) -> Result<(), String> {
        let tests: Vec<_> = self
            .results
            .iter()
            .map(|r| {
                let mut entry = json!({
                    "name": r.name,
                    "duration_ms": r.duration.as_secs_f64() * 1000.0,
                });
                let (status, extra) = match &r.outcome {
                    Outcome::Passed => ("passed", json!({})),
                    Outcome::Failed { output, expected } => {
                        ("failed", json!({"output": output, "expected": expected}))
                    }
                    Outcome::Skipped(reason) => ("skipped", json!({"reason": reason})),
                    Outcome::Excluded(reason) => ("excluded", json!({"reason": reason})),
                };
                entry["status"] = json!(status);
                for (key, value) in extra.as_object().expect("an object") {
                    entry[key] = value.clone();
                }
                entry
            })
            .collect();
        let report = json!({
            "total": self.results.len(),
            "passed": self.count(|o| matches!(o, Outcome::Passed)),
            "failed": self.count(|o| matches!(o, Outcome::Failed { .. })),
            "skipped": self.count(|o| matches!(o, Outcome::Skipped(_))),
            "excluded": self.count(|o| matches!(o, Outcome::Excluded(_))),
            "elapsed_ms": self.elapsed.as_secs_f64() * 1000.0,
            "tests": tests,
        });
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&report).expect("JSON values serialize");
        std::fs::write(path, text + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Writes each failure's output and expected output as `<name>.out` and `<name>.exp` in
    /// `dir` (as run-tests.py does in its results folder), after clearing the previous run's.
    fn write_failures(&self, dir: &Path) -> Result<(), String> {
        let _ = std::fs::remove_dir_all(dir);
        for result in self.failed() {
            let Outcome::Failed { output, expected } = &result.outcome else {
                unreachable!()
            };
            let base = dir.join(result.name.replace('/', "_"));
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            std::fs::write(base.with_extension("py.out"), output).map_err(|e| e.to_string())?;
            std::fs::write(base.with_extension("py.exp"), expected).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
