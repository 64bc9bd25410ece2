//! Measures mpsandbox in-process on the workloads of `host/benches/workloads` and prints a
//! table, or with `--json` one JSON object (what `cargo xtask bench` reads).
//!
//! ```sh
//! RUST_LIB_BACKTRACE=0 cargo run --release -p mpsandbox --example bench [-- --json] [--quick]
//! ```
//!
//! Latencies are medians over many runs; sessions per second run on 2 threads for a while;
//! memory is the growth of this process's resident set per idle session, with 1,000 alive.

#[path = "../benches/workloads/mod.rs"]
mod workloads;

#[path = "bench_rows/snapshots.rs"]
mod snapshots;

use std::time::{Duration, Instant};

use mpsandbox::{Engine, Session, Value};
use serde_json::json;

/// How long each latency measurement runs, and its minimum number of samples.
struct Budget {
    time: Duration,
    min_samples: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let as_json = args.iter().any(|a| a == "--json");
    let quick = args.iter().any(|a| a == "--quick");
    let budget = Budget {
        time: Duration::from_millis(if quick { 200 } else { 1000 }),
        min_samples: if quick { 5 } else { 20 },
    };
    let mut results = Vec::new();
    let mut record = |id: &str, label: &str, value: f64, unit: &str| {
        if !as_json {
            println!("{label:<40} {value:>12.2} {unit}");
        }
        results.push(json!({"id": id, "label": label, "value": value, "unit": unit}));
    };

    let started = Instant::now();
    // Like the CLI, `MPSANDBOX_COMPONENT` names another build of the component (for A/B runs).
    let mut builder = Engine::builder();
    if let Some(path) = std::env::var_os("MPSANDBOX_COMPONENT").filter(|p| !p.is_empty()) {
        builder = builder.component_file(path);
    }
    let engine = builder.build()?;
    record(
        "engine_start",
        "engine start (compiled code from the cache)",
        micros(started.elapsed()) / 1000.0,
        "ms",
    );

    // New session + first exec (dropping the session is not timed).
    let samples = measure(&budget, || {
        let t = Instant::now();
        let mut session = engine.session().expect("session");
        session.exec(workloads::FIRST_EXEC).expect("exec");
        let elapsed = t.elapsed();
        drop(session);
        elapsed
    });
    record(
        "first_exec",
        "new session + first exec",
        median_us(samples),
        "us",
    );

    // The same, instantiation alone (the rest is the interpreter's start in the first exec).
    let samples = measure(&budget, || {
        let t = Instant::now();
        let session = engine.session().expect("session");
        let elapsed = t.elapsed();
        drop(session);
        elapsed
    });
    record(
        "new_session",
        "  of which: new session alone",
        median_us(samples),
        "us",
    );

    let mut session = engine.session()?;
    session.exec(workloads::WARM_SETUP)?;
    let samples = measure(&budget, || {
        timed(|| {
            session.exec(workloads::WARM_EXEC).expect("exec");
        })
    });
    record(
        "warm_exec",
        "warm exec(\"x = x + 1\")",
        median_us(samples),
        "us",
    );

    // The same statement as new source text each time (a comment differs), so that exec's
    // cache of compiled code does not serve it: lexing, parsing and compiling included.
    let mut n = 0u64;
    let samples = measure(&budget, || {
        n += 1;
        let code = format!("{} # {n}", workloads::WARM_EXEC);
        timed(|| {
            session.exec(&code).expect("exec");
        })
    });
    record(
        "warm_exec_new",
        "  the same, new source each time",
        median_us(samples),
        "us",
    );

    session.exec(workloads::CALL_SETUP)?;
    let args = [Value::from(1), Value::from(2)];
    let samples = measure(&budget, || {
        timed(|| {
            session
                .call(workloads::CALL_NAME, &args, &[])
                .expect("call");
        })
    });
    record(
        "call",
        "call(\"add\", 1, 2) round trip",
        median_us(samples),
        "us",
    );

    let mut hosted = host_fn_session(&engine)?;
    let samples = measure(&budget, || {
        timed(|| {
            hosted.exec(workloads::HOST_FN_LOOP).expect("exec");
        })
    });
    record(
        "host_fn",
        "host-function round trip (in a loop)",
        median_us(samples) / f64::from(workloads::HOST_FN_CALLS),
        "us",
    );

    session.exec(workloads::FIB_SETUP)?;
    let samples = measure(&budget, || {
        timed(|| {
            session.exec(workloads::FIB).expect("exec");
        })
    });
    record("fib25", "fib(25)", median_us(samples) / 1000.0, "ms");

    session.exec(workloads::STRINGS_DICTS_SETUP)?;
    let samples = measure(&budget, || {
        timed(|| {
            session.exec(workloads::STRINGS_DICTS).expect("exec");
        })
    });
    record(
        "strings_dicts",
        "strings and dicts (5,000 items)",
        median_us(samples) / 1000.0,
        "ms",
    );

    let run_for = if quick {
        Duration::from_millis(500)
    } else {
        Duration::from_secs(2)
    };
    record(
        "sessions_per_sec",
        "sessions per second (2 threads)",
        sessions_per_second(&engine, 2, run_for),
        "sessions/s",
    );

    let (rss, private) = memory_per_idle_session(&engine, 1000)?;
    record(
        "rss_per_session",
        "resident memory per idle session",
        rss / 1024.0,
        "KiB",
    );
    record(
        "private_per_session",
        "  of which private (not shared pages)",
        private / 1024.0,
        "KiB",
    );

    snapshots::rows(&engine, &budget, &mut record)?;

    if as_json {
        let workloads: Vec<_> = workloads::ALL
            .iter()
            .map(|(name, setup, code)| json!({"name": name, "setup": setup, "code": code}))
            .collect();
        let out = json!({
            "results": results,
            "workloads": workloads,
            "host_fn_calls": workloads::HOST_FN_CALLS,
        });
        println!("{out}");
    }
    Ok(())
}

/// A session exposing the workloads' host function (it returns its first argument), with
/// `echo` imported.
fn host_fn_session(engine: &Engine) -> Result<Session, Box<dyn std::error::Error>> {
    let mut session = engine
        .session_builder()
        .host_fn(workloads::HOST_FN_NAME, |args, _| {
            Ok(args.into_iter().next().unwrap_or(Value::None))
        })
        .build()?;
    session.exec(&format!("from host import {}", workloads::HOST_FN_NAME))?;
    Ok(session)
}

/// Runs `sample` (which times itself) until the budget is spent, after a warm-up.
fn measure(budget: &Budget, mut sample: impl FnMut() -> Duration) -> Vec<Duration> {
    for _ in 0..3 {
        sample();
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < budget.min_samples || started.elapsed() < budget.time {
        samples.push(sample());
    }
    samples
}

fn timed(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn median_us(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    micros(samples[samples.len() / 2])
}

/// Sessions started, given their first exec and dropped per second, on `threads` threads.
fn sessions_per_second(engine: &Engine, threads: usize, run_for: Duration) -> f64 {
    let started = Instant::now();
    let counts: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut n = 0u64;
                    while started.elapsed() < run_for {
                        let mut session = engine.session().expect("session");
                        session.exec(workloads::FIRST_EXEC).expect("exec");
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    counts.iter().sum::<u64>() as f64 / started.elapsed().as_secs_f64()
}

/// How much this process's resident set grows per session, with `n` idle sessions alive
/// (each has run its first exec).
/// The growth of the resident set per idle session, and of its private part: a page of the
/// component's initial memory that a session only reads is the same physical page in every
/// session, but the resident set counts it once per session.
fn memory_per_idle_session(
    engine: &Engine,
    n: usize,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    // One session first, so that one-time costs (stacks, lazily mapped code) are not counted.
    let mut warm = engine.session()?;
    warm.exec(workloads::FIRST_EXEC)?;
    let before = resident_bytes()?;
    let private_before = private_bytes()?;
    let mut sessions = Vec::with_capacity(n);
    for _ in 0..n {
        let mut session = engine.session()?;
        session.exec(workloads::FIRST_EXEC)?;
        sessions.push(session);
    }
    let after = resident_bytes()?;
    let private_after = private_bytes()?;
    drop(sessions);
    Ok((
        after.saturating_sub(before) as f64 / n as f64,
        private_after.saturating_sub(private_before) as f64 / n as f64,
    ))
}

/// Private_Clean + Private_Dirty of `/proc/self/smaps_rollup`, in bytes.
fn private_bytes() -> Result<u64, Box<dyn std::error::Error>> {
    let rollup = std::fs::read_to_string("/proc/self/smaps_rollup")?;
    let mut kib = 0;
    for line in rollup.lines() {
        if let Some(rest) = line
            .strip_prefix("Private_Clean:")
            .or_else(|| line.strip_prefix("Private_Dirty:"))
        {
            kib += rest.trim().trim_end_matches("kB").trim().parse::<u64>()?;
        }
    }
    Ok(kib * 1024)
}

/// This process's resident set size, from `/proc/self/statm`.
fn resident_bytes() -> Result<u64, Box<dyn std::error::Error>> {
    let statm = std::fs::read_to_string("/proc/self/statm")?;
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .ok_or("unexpected /proc/self/statm")?
        .parse()?;
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Ok(pages * u64::try_from(page).unwrap_or(4096))
}
