//! Measures, in-process: starting an engine (from the cache), starting a session and running
//! its first exec, and a warm exec. Prints medians over many runs.
//!
//! ```sh
//! cargo run --release -p mpsandbox --example timings
//! ```

use std::time::{Duration, Instant};

use mpsandbox::Engine;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let engine = Engine::new()?;
    println!(
        "engine start: {:?} ({:?})",
        start.elapsed(),
        engine.cache_status()
    );

    let mut new_session = Vec::new();
    let mut new_session_first_exec = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let mut session = engine.session()?;
        new_session.push(t.elapsed());
        session.exec("x = 1")?;
        new_session_first_exec.push(t.elapsed());
    }
    println!("new session: {:?}", median(new_session));
    println!(
        "new session + first exec: {:?}",
        median(new_session_first_exec)
    );

    let mut session = engine.session()?;
    session.exec("x = 0")?;
    let mut warm = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        session.exec("x = x + 1")?;
        warm.push(t.elapsed());
    }
    println!("warm exec(\"x = x + 1\"): {:?}", median(warm));

    // The same from a thread whose stack can hold the guest's: no helper thread per call.
    let big = std::thread::Builder::new().stack_size(64 << 20).spawn(
        move || -> Result<_, mpsandbox::ExecError> {
            let mut warm = Vec::new();
            for _ in 0..2000 {
                let t = Instant::now();
                session.exec("x = x + 1")?;
                warm.push(t.elapsed());
            }
            Ok(median(warm))
        },
    );
    println!(
        "warm exec on a 64 MiB thread: {:?}",
        big?.join().expect("no panic")?
    );
    Ok(())
}
