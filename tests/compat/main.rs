//! `compat`: runs the compatibility corpus under CPython and in the sandbox and compares
//! (see `runner.rs`). `cargo xtask compat` builds and runs it.
//!
//! ```text
//! compat [--jobs N] [--timeout SECONDS] [FILTER...]
//! ```
//!
//! FILTERs select the programs whose path contains one of them. Exit status 0 when the
//! results match `expected-failures.txt`, 1 when they do not, 2 on a usage or setup error.

mod runner;

use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let mut options = runner::Options::discover();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--jobs" => {
                options.jobs = value("--jobs")?
                    .parse()
                    .map_err(|_| "--jobs needs a number")?
            }
            "--timeout" => {
                let seconds: f64 = value("--timeout")?
                    .parse()
                    .map_err(|_| "--timeout needs seconds")?;
                options.timeout = Duration::from_secs_f64(seconds);
            }
            "-h" | "--help" => {
                println!("usage: compat [--jobs N] [--timeout SECONDS] [FILTER...]");
                return Ok(true);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            filter => options.filters.push(filter.to_owned()),
        }
    }
    let report = runner::run(&options)?;
    print!("{}", report.summary());
    Ok(report.clean())
}
