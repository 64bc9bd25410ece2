//! `fuzz`: random inputs, for a bounded time, against the value boundary and the WIT decoding
//! on both sides. `cargo xtask fuzz` builds and runs it; it is not part of CI.
//!
//! ```text
//! fuzz [--seconds S] [--seed N]
//! ```
//!
//! This machine's Rust toolchain is stable only, and `cargo fuzz` (libFuzzer) needs nightly,
//! so inputs come from a seeded generator instead of coverage feedback. Each round, in turn:
//! - arbitrary bytes as JSON text (`Value::from_json`): a value or an error;
//! - arbitrary bytes as a node list from the guest (`mpsandbox::value::fuzz_decode`): a value
//!   or a `ValueError`;
//! - a random value tree (deep, wide, huge integers, odd floats, strings and bytes of every
//!   kind) through `call` into the guest and back, and through a host function's result:
//!   it must come back equal, or fail with a typed error;
//! - arbitrary bytes as Python source: any typed error, never a panic or a lost session;
//! - a snapshot file with random bytes changed (`Snapshot::from_bytes`): a snapshot or a
//!   typed error, never a panic.
//!
//! Exit status 0 when no invariant broke; the failing input is printed otherwise, with the
//! seed that reproduces the run.

use std::time::{Duration, Instant};

use mpsandbox::{ByteSize, Engine, Error, Session, Value};

/// xorshift64*: a small, seeded source of randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn bytes(&mut self, max: u64) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn text(&mut self, max: u64) -> String {
        const PIECES: &[&str] = &[
            "a",
            "é",
            "\u{0}",
            "\u{1}",
            "\"",
            "\\",
            "'",
            "\n",
            "😀",
            "\u{FFFF}",
            "\u{10FFFF}",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "0",
            "-",
            "1e999",
            "null",
            "true",
            "\u{D7FF}",
        ];
        (0..self.below(max + 1))
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }

    fn value(&mut self, depth: u32) -> Value {
        let leaf = depth == 0 || self.below(3) == 0;
        match if leaf {
            self.below(7)
        } else {
            7 + self.below(4)
        } {
            0 => Value::None,
            1 => Value::Bool(self.below(2) == 1),
            2 => Value::Int(self.next() as i64),
            3 => {
                let digits: String = (0..1 + self.below(60))
                    .map(|_| char::from(b'0' + self.below(10) as u8))
                    .collect();
                let sign = if self.below(2) == 0 { "-" } else { "" };
                format!("{sign}1{digits}")
                    .parse::<num_bigint::BigInt>()
                    .map(Value::int)
                    .unwrap_or(Value::None)
            }
            4 => Value::Float(match self.below(5) {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => -0.0,
                3 => f64::MIN_POSITIVE / 3.0,
                _ => f64::from_bits(self.next()),
            }),
            5 => Value::Str(self.text(20)),
            6 => Value::Bytes(self.bytes(32)),
            7 => Value::List((0..self.below(6)).map(|_| self.value(depth - 1)).collect()),
            8 => Value::Tuple((0..self.below(6)).map(|_| self.value(depth - 1)).collect()),
            9 => Value::Dict(
                (0..self.below(5))
                    .map(|i| (Value::Int(i as i64), self.value(depth - 1)))
                    .collect(),
            ),
            // A deep chain, past the nesting the boundary accepts now and then.
            _ => {
                let mut v = Value::None;
                for _ in 0..self.below(120) {
                    v = Value::List(vec![v]);
                }
                v
            }
        }
    }
}

/// Whether two values are the same for the round trip: NaN equals NaN.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        _ => a == b,
    }
}

fn session(engine: &Engine, reply: std::sync::Arc<std::sync::Mutex<Value>>) -> Session {
    engine
        .session_builder()
        .memory_limit(ByteSize::mib(32))
        .timeout(Duration::from_secs(2))
        .host_fn("reply", move |_, _| Ok(reply.lock().unwrap().clone()))
        .build()
        .expect("a session starts")
}

fn main() -> std::process::ExitCode {
    let mut seconds = 60u64;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) => seconds = v,
            ("--seed", Some(v)) => seed = v | 1,
            _ => {
                eprintln!("usage: fuzz [--seconds S] [--seed N]");
                return std::process::ExitCode::from(2);
            }
        }
    }
    println!("fuzz: {seconds} s, seed {seed}");
    let mut rng = Rng(seed);
    let engine = Engine::new().expect("the component loads");
    let reply = std::sync::Arc::new(std::sync::Mutex::new(Value::None));
    let mut s = session(&engine, reply.clone());
    s.exec("def echo(x):\n    return x\nimport host\ndef relay():\n    return host.reply()")
        .expect("setup");
    let snapshot_file = s.snapshot().expect("a snapshot").to_bytes();
    let start = Instant::now();
    let mut rounds = 0u64;
    let mut failures = Vec::new();
    while start.elapsed() < Duration::from_secs(seconds) && failures.len() < 10 {
        rounds += 1;
        // JSON text.
        let text = if rng.below(2) == 0 {
            rng.text(60)
        } else {
            String::from_utf8_lossy(&rng.bytes(60)).into_owned()
        };
        let _ = Value::from_json(&text);
        // Node lists as the guest could send them.
        let _ = mpsandbox::value::fuzz_decode(&rng.bytes(400));
        // Snapshot files with a few bytes changed, or cut.
        let mut file = snapshot_file.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(file.len() as u64) as usize;
            file[at] = rng.next() as u8;
        }
        file.truncate(rng.below(file.len() as u64 + 1) as usize);
        let _ = mpsandbox::Snapshot::from_bytes(&file);
        // Values into the guest and back, both ways.
        let value = rng.value(5);
        match s.call("echo", std::slice::from_ref(&value), &[]) {
            Ok(out) if same(&out.value, &value) => {}
            Ok(out) => failures.push(format!("echo changed {value:?} into {:?}", out.value)),
            Err(e) if matches!(e.error, Error::InvalidValue(_) | Error::Exception(_)) => {}
            Err(e) => failures.push(format!("echo of {value:?}: {}", e.error)),
        }
        *reply.lock().unwrap() = value.clone();
        match s.call("relay", &[], &[]) {
            Ok(out) if same(&out.value, &value) => {}
            Ok(out) => failures.push(format!(
                "a host result {value:?} came back as {:?}",
                out.value
            )),
            Err(e) if matches!(e.error, Error::InvalidValue(_) | Error::Exception(_)) => {}
            Err(e) => failures.push(format!("relay of {value:?}: {}", e.error)),
        }
        // Arbitrary source.
        let code = String::from_utf8_lossy(&rng.bytes(80)).into_owned();
        if let Err(e) = s.exec(&code)
            && matches!(e.error, Error::SessionLost { .. } | Error::Runtime { .. })
        {
            failures.push(format!("exec of {code:?}: {}", e.error));
            s = session(&engine, reply.clone());
            let _ = s.exec(
                "def echo(x):\n    return x\nimport host\ndef relay():\n    return host.reply()",
            );
        }
        // The session still works.
        if s.exec("1 + 1").ok().and_then(|o| o.value) != Some(Value::Int(2)) {
            failures.push(format!("the session stopped working after {code:?}"));
            s = session(&engine, reply.clone());
        }
    }
    println!("{rounds} rounds in {:.0?}", start.elapsed());
    if failures.is_empty() {
        println!("fuzz: passed");
        std::process::ExitCode::SUCCESS
    } else {
        println!("fuzz: FAILED (seed {seed})");
        for f in &failures {
            println!("  {}", f.chars().take(400).collect::<String>());
        }
        std::process::ExitCode::FAILURE
    }
}
