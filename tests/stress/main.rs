//! `stress`: many live sessions on few threads, running a mixed hostile workload for a bounded
//! time, while the host's memory is watched. `cargo xtask stress` builds and runs it.
//!
//! ```text
//! stress [--sessions N] [--threads N] [--seconds S]
//! ```
//!
//! Every session lives for the whole run (default 1,000 sessions on 2 threads, 60 s). Each
//! thread takes its sessions in turn and runs one piece of the workload on each: ordinary code
//! that keeps a little state, memory bombs, endless loops (soft stop), loops that swallow the
//! stop (hard stop: the session is lost and restarts, as `restart_lost` allows), deep
//! recursion, output floods, exceptions, big values across `call`, host functions. After each
//! piece the session's own counter must still be there, unless the piece lost the session by
//! design.
//!
//! Before the measured run every session fills its memory to its cap once (a session's heap is
//! never given back to the host, so that is its most). Reported: host RSS over time, outcomes
//! by kind, sessions lost (expected: only by hard stops), and failures (anything the contract
//! does not allow). Exit status 0 when nothing failed and RSS stayed within 25% of what it was
//! once every session had filled its memory.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mpsandbox::{Engine, Error, Session, Value};

/// One piece of the workload: its name, its code, and whether it may lose the session.
struct Piece {
    name: &'static str,
    code: &'static str,
    loses_session: bool,
}

/// Fills the memory up to the cap with data that is garbage once it fails.
const BOMB: &str =
    "def bomb():\n    x = []\n    while True:\n        x.append('y' * 100_000)\nbomb()";

const WORKLOAD: &[Piece] = &[
    Piece {
        name: "ordinary",
        code: "n += 1\nwords = ' '.join(str(i) for i in range(200)).split()\nd = {w: len(w) for w in words}\nsum(d.values())",
        loses_session: false,
    },
    Piece {
        name: "memory bomb",
        code: BOMB,
        loses_session: false,
    },
    Piece {
        name: "endless loop",
        code: "while True:\n    pass",
        loses_session: false,
    },
    Piece {
        name: "swallowed stop",
        code: "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
        loses_session: true,
    },
    Piece {
        name: "deep recursion",
        code: "def f(n):\n    return f(n + 1)\nf(0)",
        loses_session: false,
    },
    Piece {
        name: "output flood",
        code: "for i in range(100_000):\n    print('spam' * 20)",
        loses_session: false,
    },
    Piece {
        name: "exception",
        code: "raise ValueError('x' * 100_000)",
        loses_session: false,
    },
    Piece {
        name: "garbage",
        code: "for i in range(20_000):\n    s = str(i) * 50\nimport gc\ngc.collect()",
        loses_session: false,
    },
    Piece {
        name: "host function",
        code: "import host\nhost.echo(list(range(1000)), k='v' * 1000)",
        loses_session: false,
    },
];

struct Options {
    sessions: usize,
    threads: usize,
    seconds: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        sessions: 1000,
        threads: 2,
        seconds: 60,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{arg} needs a number"))
        };
        match arg.as_str() {
            "--sessions" => options.sessions = number()? as usize,
            "--threads" => options.threads = number()?.max(1) as usize,
            "--seconds" => options.seconds = number()?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// The host's resident memory, in bytes (Linux: `/proc/self/statm`).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, u64>,
    lost: u64,
    failures: Vec<String>,
}

fn outcome(result: &Result<mpsandbox::ExecOutput, mpsandbox::ExecError>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(e) => match &e.error {
            Error::Limit { hit, .. } => format!("limit {}", hit.kind),
            Error::Exception(x) => format!("exception {}", x.type_name),
            Error::SessionLost { limit, .. } => {
                format!(
                    "lost ({})",
                    limit.map_or("trap".into(), |h| h.kind.to_string())
                )
            }
            other => format!("error ({other})"),
        },
    }
}

fn new_session(engine: &Engine) -> Session {
    engine
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(4))
        .timeout(Duration::from_millis(100))
        .grace(Duration::from_secs(2))
        .max_output(mpsandbox::ByteSize::kib(4))
        .restart_lost(true)
        .host_fn("echo", |args, _| Ok(Value::List(args)))
        .build()
        .expect("a session starts")
}

fn main() -> std::process::ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let engine = Engine::new().expect("the component loads");
    println!(
        "stress: {} sessions on {} threads for {} s",
        options.sessions, options.threads, options.seconds
    );
    let before = rss();
    let ready = Arc::new(std::sync::Barrier::new(options.threads + 1));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let rounds = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let per_thread = options.sessions.div_ceil(options.threads);
    let workers: Vec<_> = (0..options.threads)
        .map(|t| {
            let engine = engine.clone();
            let tally = tally.clone();
            let stop = stop.clone();
            let rounds = rounds.clone();
            let ready = ready.clone();
            let count = per_thread.min(options.sessions.saturating_sub(t * per_thread));
            std::thread::Builder::new()
                .stack_size(16 << 20)
                .spawn(move || {
                    let mut sessions: Vec<(Session, i64)> = (0..count)
                        .map(|_| {
                            let mut s = new_session(&engine);
                            // Each session's memory grows to its cap once, before the
                            // measured run: the heap is never given back to the host.
                            let _ = s.exec(BOMB);
                            s.exec("n = 0").expect("setup");
                            (s, 0)
                        })
                        .collect();
                    ready.wait();
                    let mut step = t;
                    while !stop.load(Ordering::Relaxed) {
                        for (session, counter) in sessions.iter_mut() {
                            if stop.load(Ordering::Relaxed) {
                                break;
                            }
                            let piece = &WORKLOAD[step % WORKLOAD.len()];
                            step += 1;
                            let result = session.exec(piece.code);
                            let got = outcome(&result);
                            let restarted = result
                                .as_ref()
                                .map(|o| o.run.restarted.is_some())
                                .unwrap_or_else(|e| e.run.restarted.is_some());
                            let mut tallied = tally.lock().unwrap();
                            *tallied
                                .outcomes
                                .entry(format!("{}: {got}", piece.name))
                                .or_default() += 1;
                            if got.starts_with("lost") || restarted {
                                tallied.lost += 1;
                                if !piece.loses_session && !restarted {
                                    tallied.failures.push(format!("{}: {got}", piece.name));
                                }
                            }
                            if got.starts_with("error") {
                                tallied.failures.push(format!("{}: {got}", piece.name));
                            }
                            drop(tallied);
                            // The session's state: the counter, unless the piece lost it.
                            if piece.name == "ordinary" && got == "ok" {
                                *counter += 1;
                            }
                            match session.exec("n") {
                                Ok(out) if out.value == Some(Value::Int(*counter)) => {}
                                Ok(out) if out.run.restarted.is_some() => *counter = 0,
                                Err(e)
                                    if e.run.restarted.is_some()
                                        || matches!(e.error, Error::Exception(_)) =>
                                {
                                    // A fresh interpreter after a lost session: start again.
                                    let _ = session.exec("n = 0");
                                    *counter = 0;
                                }
                                other => {
                                    let mut tally = tally.lock().unwrap();
                                    tally.failures.push(format!(
                                        "{}: state lost: {:?}",
                                        piece.name,
                                        other.map(|o| o.value).map_err(|e| e.error.to_string())
                                    ));
                                    let _ = session.exec("n = 0");
                                    *counter = 0;
                                }
                            }
                        }
                        rounds.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .expect("a worker thread starts")
        })
        .collect();

    ready.wait();
    let warm = rss();
    println!(
        "  sessions started and filled to their cap: rss {:.1} MiB",
        warm as f64 / (1 << 20) as f64
    );
    let start = Instant::now();
    let mut samples = Vec::new();
    while start.elapsed() < Duration::from_secs(options.seconds) {
        std::thread::sleep(Duration::from_secs(1).min(Duration::from_secs(options.seconds)));
        let sample = rss();
        samples.push((start.elapsed().as_secs(), sample));
        println!(
            "  t={:>3}s  rss {:>7.1} MiB  rounds {}",
            start.elapsed().as_secs(),
            sample as f64 / (1 << 20) as f64,
            rounds.load(Ordering::Relaxed)
        );
    }
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().expect("a worker finished");
    }
    let tally = tally.lock().unwrap();
    println!("outcomes:");
    for (kind, n) in &tally.outcomes {
        println!("  {n:>8}  {kind}");
    }
    println!("sessions lost (and restarted): {}", tally.lost);
    // The base: every session started, its memory grown to its cap.
    let last = samples.last().map_or(before, |(_, r)| *r);
    let growth = last as f64 / warm.max(1) as f64;
    println!(
        "rss: {:.1} MiB at start, {:.1} MiB after warm-up, {:.1} MiB at the end ({:+.1}%)",
        before as f64 / (1 << 20) as f64,
        warm as f64 / (1 << 20) as f64,
        last as f64 / (1 << 20) as f64,
        (growth - 1.0) * 100.0
    );
    let mut ok = true;
    if !tally.failures.is_empty() {
        ok = false;
        println!("failures ({}):", tally.failures.len());
        for f in tally.failures.iter().take(20) {
            println!("  {f}");
        }
    }
    if growth > 1.25 {
        ok = false;
        println!("FAILED: host memory grew by more than 25% after warm-up");
    }
    println!(
        "{}",
        if ok {
            "stress: passed"
        } else {
            "stress: FAILED"
        }
    );
    if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
