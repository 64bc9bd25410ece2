//! The adversarial corpus: every file in `tests/adversarial/` is an attack, with its expected
//! outcome in a header comment:
//!
//! ```text
//! # expect: ok                      runs to the end
//! # expect: exception <Type>        an uncaught Python exception of that type
//! # expect: limit <kind>            a limit stopped it cleanly (memory, time, fuel)
//! # expect: lost <kind>             the guest was trapped by that limit (time, fuel, stack)
//! # fuel: <N>                       (optional) run on an engine that meters fuel, with budget N
//! ```
//!
//! Every attack runs in a fresh session with a 32 MiB memory cap, a 64 KiB output cap and a
//! timeout (200 ms grace) of 1 s for attacks that time must stop, 10 s for the others. Afterwards the host must be healthy: a fresh session runs
//! code, and so does the attacked session unless it was lost (then it says so again).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::{engine, fuel_engine};
use mpsandbox::{Error, ExecError, Session, Value};

const MEMORY: usize = 32 << 20;
const TIMEOUT: Duration = Duration::from_secs(1);
const SLOW_TIMEOUT: Duration = Duration::from_secs(10);

/// The outcome of one attack, in the words of the header.
fn outcome(result: &Result<mpsandbox::ExecOutput, ExecError>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(e) => match &e.error {
            Error::Exception(x) => format!("exception {}", x.type_name),
            Error::Limit { hit, .. } => format!("limit {}", hit.kind),
            Error::SessionLost {
                limit: Some(hit), ..
            } => format!("lost {}", hit.kind),
            Error::SessionLost { reason, .. } => format!("lost ({reason})"),
            other => format!("error ({other})"),
        },
    }
}

fn header<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    source
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| {
            l.strip_prefix('#')?
                .trim()
                .strip_prefix(key)?
                .strip_prefix(':')
        })
        .map(str::trim)
}

/// Runs one attack; returns a failure message, if any.
fn run(path: &Path) -> Option<String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let source = std::fs::read_to_string(path).unwrap();
    let Some(expected) = header(&source, "expect") else {
        return Some(format!("{name}: no `# expect:` header"));
    };
    let fuel: Option<u64> = header(&source, "fuel").map(|n| n.parse().expect("a fuel budget"));
    let engine = if fuel.is_some() {
        fuel_engine()
    } else {
        engine()
    };
    let mut builder = engine
        .session_builder()
        .memory_limit(MEMORY)
        .max_output(mpsandbox::ByteSize::kib(64))
        .timeout(if expected.ends_with(" time") {
            TIMEOUT
        } else {
            // Attacks that some other limit (or nothing) must end get room, so a loaded
            // machine cannot turn their expected outcome into a timeout.
            SLOW_TIMEOUT
        });
    if let Some(fuel) = fuel {
        builder = builder.fuel(fuel);
    }
    let mut session: Session = builder.build().unwrap();
    let result = session.exec(&source);
    let got = outcome(&result);
    if got != expected {
        return Some(format!("{name}: expected `{expected}`, got `{got}`"));
    }
    // The host is healthy: a fresh session runs code.
    let mut fresh = engine.session().unwrap();
    if fresh.exec("1 + 1").ok().and_then(|o| o.value) != Some(Value::Int(2)) {
        return Some(format!("{name}: a fresh session no longer runs code"));
    }
    // The attacked session runs code unless it was lost; then it says so again.
    let again = session.exec("'alive'");
    let lost = expected.starts_with("lost");
    match (&again, lost) {
        (Ok(o), false) if o.value == Some(Value::from("alive")) => None,
        (
            Err(ExecError {
                error: Error::SessionLost { .. },
                ..
            }),
            true,
        ) => None,
        _ => Some(format!(
            "{name}: after `{got}`, the session answered `{}`",
            outcome(&again)
        )),
    }
}

#[test]
fn every_attack_ends_as_expected_and_the_host_stays_healthy() {
    let dir = Path::new(crate::TESTS_DIR).join("adversarial");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    let queue = Mutex::new(files.iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                loop {
                    let Some(path) = queue.lock().unwrap().next() else {
                        break;
                    };
                    if let Some(failure) = run(path) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
