//! `mpsandbox`: run Python in a MicroPython sandbox from the command line.
//!
//! ```text
//! mpsandbox -c CODE [-c CODE ...]   run snippets in order, in one session
//! mpsandbox FILE.py                 run a file
//! mpsandbox                         REPL (reads a script when stdin is not a terminal)
//! ```
//!
//! The component is the one embedded at build time, or the file named by the environment
//! variable `MPSANDBOX_COMPONENT`.
//!
//! Exit status: 0 success; 1 uncaught Python exception; 2 usage error or invalid input;
//! 3 a limit was hit; 4 internal error. `sys.exit(n)` exits with `n`.

mod completeness;
mod host_fn;
mod live;
mod mcp;
mod options;
mod parse;
mod repl;
mod report;
mod runner;
mod snapfile;
mod wasi_runtime;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::Parser;
use mpsandbox::{CacheStatus, Engine};

use crate::runner::Runner;

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: an uncaught Python exception or a syntax error.
pub const EXIT_PYTHON: i32 = 1;
/// Exit status: a usage error or invalid input.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: a limit was hit.
pub const EXIT_LIMIT: i32 = 3;
/// Exit status: an internal error.
pub const EXIT_INTERNAL: i32 = 4;

/// Run untrusted Python in a MicroPython sandbox.
#[derive(Parser, Debug)]
#[command(
    name = "mpsandbox",
    version,
    after_help = "Exit status: 0 success; 1 uncaught Python exception (traceback on stderr); \
                  2 usage error or invalid input; 3 a limit was hit; 4 internal error. \
                  sys.exit(n) exits with n.\n\n`mpsandbox mcp --help`: the sandbox as an MCP \
                  server for agents."
)]
struct Args {
    /// Run CODE; repeat to run several snippets in order, in one session.
    #[arg(short = 'c', value_name = "CODE", conflicts_with = "file")]
    code: Vec<String>,

    /// Run this Python file ("-" reads standard input). Without FILE or -c: a REPL, or the
    /// script on standard input when it is not a terminal.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    /// Print one JSON object per snippet: stdout, stderr, value, repr, error, usage.
    #[arg(long)]
    json: bool,

    /// With several -c, go on after a failing snippet; the exit status is then that of the
    /// first failure.
    #[arg(long)]
    keep_going: bool,

    /// Start from the session saved in FILE (by --save) instead of a fresh interpreter. The
    /// snapshot brings state only: grants, host functions and limits are this command's.
    #[arg(long, value_name = "FILE")]
    load: Option<PathBuf>,

    /// After the last snippet, save the session's state to FILE (replaced at once), for
    /// --load: `mpsandbox --load s.snap --save s.snap -c 'n += 1'` keeps state across runs.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,

    #[command(flatten)]
    session: options::SessionOptions,

    /// Compile the component into the on-disk cache and exit.
    #[arg(long, hide = true)]
    precompile: bool,
}

fn main() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        // With RUST_BACKTRACE=1 every wasm exception would capture a Rust backtrace, which
        // makes Python exceptions crossing many frames quadratic in time.
        // SAFETY: nothing else runs yet: no thread reads the environment concurrently.
        unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    }
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = if argv.get(1).is_some_and(|arg| arg == "mcp") {
        argv.remove(1);
        argv[0] = "mpsandbox mcp".into();
        mcp::main(argv)
    } else {
        run(Args::parse_from(argv))
    };
    let status = match result {
        Ok(status) => status,
        Err(failure) => {
            eprintln!("mpsandbox: {:#}", failure.error);
            failure.status
        }
    };
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(status);
}

/// An error that ends the command, with its exit status.
struct Failure {
    error: anyhow::Error,
    status: i32,
}

impl Failure {
    fn usage(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            error: error.into(),
            status: EXIT_USAGE,
        }
    }
    fn internal(error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            error: error.into(),
            status: EXIT_INTERNAL,
        }
    }
}

fn run(args: Args) -> Result<i32, Failure> {
    // The embedded component, or the file named by MPSANDBOX_COMPONENT.
    // One session per run: reserving a session pool would cost more (about 0.5 ms per
    // process) than it saves.
    let wasi_runtime = wasi_runtime::start();
    let mut builder = Engine::builder()
        .fuel(args.session.fuel.is_some())
        .pool_size(0)
        .warm_wasi_runtime(false);
    if let Some(path) = std::env::var_os("MPSANDBOX_COMPONENT").filter(|p| !p.is_empty()) {
        builder = builder.component_file(path);
    }
    let engine = builder.build().map_err(Failure::internal)?;
    if args.precompile {
        return precompile(&engine);
    }
    let settings = args
        .session
        .clone()
        .resolve()
        .map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
    let snapshot = match &args.load {
        Some(path) => Some(snapfile::load(path).map_err(Failure::usage)?),
        None => None,
    };
    wasi_runtime.enter();
    let mut runner =
        Runner::new(&engine, &settings, args.json, snapshot.as_ref()).map_err(|e| match e {
            mpsandbox::Error::Grant(_)
            | mpsandbox::Error::InvalidAllowHttp { .. }
            | mpsandbox::Error::InvalidCertificate { .. }
            | mpsandbox::Error::InvalidHostFnName { .. }
            | mpsandbox::Error::MemoryLimitTooSmall { .. }
            | mpsandbox::Error::Snapshot(_) => Failure::usage(e),
            e if e.limit().is_some() => Failure {
                error: e.into(),
                status: EXIT_LIMIT,
            },
            e => Failure::internal(e),
        })?;
    let status = run_snippets(&args, &settings, &mut runner)?;
    let result = match &args.save {
        // A run that failed keeps its status; a failed save of a good run is a failure.
        Some(path) => runner.save(path).map(|()| status).map_err(|error| Failure {
            error,
            status: if status == EXIT_OK {
                EXIT_PYTHON
            } else {
                status
            },
        }),
        None => Ok(status),
    };
    // The process exits next: the exit frees the session and the engine faster than dropping
    // them would (unmapping, joining helper threads: about 0.2 ms).
    std::mem::forget(runner);
    std::mem::forget(engine);
    result
}

/// Runs the snippets (-c), the file, the script on standard input, or the REPL.
fn run_snippets(
    args: &Args,
    settings: &options::SessionSettings,
    runner: &mut Runner,
) -> Result<i32, Failure> {
    if !args.code.is_empty() {
        return Ok(runner.run_all(args.code.iter().map(String::as_str), args.keep_going));
    }
    // A script cannot be larger than the memory the code may use: reading stops past that.
    let max_script = settings.max_script();
    let script = match &args.file {
        Some(path) if path.as_os_str() == "-" => read_stdin(max_script)?,
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|e| {
                Failure::usage(anyhow::anyhow!("cannot read {}: {e}", path.display()))
            })?;
            read_script(file, max_script, &path.display().to_string())?
        }
        None if std::io::stdin().is_terminal() => {
            return repl::run(runner).map_err(Failure::internal);
        }
        None => read_stdin(max_script)?,
    };
    Ok(runner.run_all(std::iter::once(script.as_str()), false))
}

fn read_stdin(max: u64) -> Result<String, Failure> {
    read_script(std::io::stdin().lock(), max, "standard input")
}

/// Reads a script of at most `max` bytes; a longer one is a usage error, found after reading
/// `max + 1` bytes (so `/dev/zero` or an endless pipe cannot fill the host's memory).
fn read_script(source: impl Read, max: u64, name: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    source
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(Failure::usage(anyhow::anyhow!(
            "{name} is larger than the memory limit ({}): a script must fit in it",
            mpsandbox::ByteSize(max)
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::usage(anyhow::anyhow!("{name} is not UTF-8 text")))
}

/// `--precompile`: the engine has just loaded the component through the cache; say where it is.
fn precompile(engine: &Engine) -> Result<i32, Failure> {
    match engine.cache_status() {
        CacheStatus::Hit(path) => println!("compiled component already cached: {}", path.display()),
        CacheStatus::Stored(path) => println!("compiled component cached: {}", path.display()),
        CacheStatus::Disabled => {
            return Err(Failure::internal(anyhow::anyhow!(
                "no cache folder is known: set {}",
                mpsandbox::CACHE_DIR_ENV
            )));
        }
        CacheStatus::Failed(message) => {
            return Err(Failure::internal(anyhow::anyhow!("{message}")));
        }
        other => println!("{other:?}"),
    }
    Ok(EXIT_OK)
}
