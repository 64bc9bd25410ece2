//! `conformance`: runs MicroPython's test suite through the sandbox (see `runner.rs`).
//! `cargo xtask conformance` builds and runs it.
//!
//! ```text
//! conformance [--tests-dir DIR] [--json FILE] [--jobs N] [--timeout SECONDS] [FILTER...]
//! ```
//!
//! FILTERs select the tests whose path contains one of them. Exit status 0 when no test
//! failed, 1 when one did, 2 on a usage or setup error.

mod runner;

use std::path::PathBuf;
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
    let mut json = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--tests-dir" => options.tests_dir = PathBuf::from(value("--tests-dir")?),
            "--json" => json = Some(PathBuf::from(value("--json")?)),
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
                println!(
                    "usage: conformance [--tests-dir DIR] [--json FILE] [--jobs N] \
                     [--timeout SECONDS] [FILTER...]"
                );
                return Ok(true);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            filter => options.filters.push(filter.to_owned()),
        }
    }
    let report = runner::run(&options)?;
    print!("{}", report.summary());
    let json = json.unwrap_or_else(|| options.default_json());
    report.write_json(&json)?;
    println!("report: {}", json.display());
    Ok(report.failed().is_empty())
}
