//! Runs snippets in one session and reports each: live output and errors on the terminal, or
//! one JSON object per snippet.

use std::io::Write;
use std::time::{Duration, Instant};

use mpsandbox::{
    ByteSize, DirGrant, Engine, Error, ExecError, ExecOutput, Run, Session, Stream, Value,
};

use crate::host_fn::HostCommand;
use crate::{EXIT_INTERNAL, EXIT_LIMIT, EXIT_OK, EXIT_PYTHON, report};

/// How to run and report the snippets.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// One JSON object per snippet instead of live output.
    pub json: bool,
    /// Memory cap (bytes).
    pub memory: Option<usize>,
    /// Wall-clock limit per snippet.
    pub timeout: Option<Duration>,
    /// Fuel budget per snippet (the engine must meter fuel).
    pub fuel: Option<u64>,
    /// Cap on captured output per stream (bytes).
    pub max_output: Option<usize>,
    /// Deterministic mode with this seed.
    pub seed: Option<u64>,
    /// Host functions that run commands.
    pub host_fns: Vec<HostCommand>,
    /// Directories granted to the code.
    pub dirs: Vec<DirGrant>,
    /// Hosts (`host[:port]`) that outbound HTTP may reach.
    pub allow_http: Vec<String>,
    /// Time limit of one HTTP request.
    pub http_timeout: Option<Duration>,
    /// Cap on one HTTP response body (bytes).
    pub max_http_response: Option<u64>,
    /// PEM texts of extra certificate authorities for https.
    pub http_root_certs: Vec<Vec<u8>>,
}

/// How one snippet ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It ran to the end.
    Ok,
    /// It failed; the run's exit status would be this.
    Failed(i32),
    /// It called `sys.exit(code)`: the run ends.
    Exit(i32),
}

/// One session and how to report on it.
pub struct Runner {
    session: Session,
    json: bool,
    max_output: usize,
}

impl Runner {
    /// Starts the session. Without `json`, the guest's output streams live to the terminal.
    pub fn new(engine: &Engine, settings: Settings) -> Result<Runner, Error> {
        let json = settings.json;
        let max_output = settings
            .max_output
            .unwrap_or(mpsandbox::DEFAULT_MAX_OUTPUT.as_usize());
        let mut builder = engine.session_builder().max_output(max_output);
        if let Some(memory) = settings.memory {
            builder = builder.memory_limit(memory);
        }
        if let Some(timeout) = settings.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(fuel) = settings.fuel {
            builder = builder.fuel(fuel);
        }
        if let Some(seed) = settings.seed {
            builder = builder.deterministic(seed);
        }
        for grant in settings.dirs {
            builder = builder.grant(grant);
        }
        for host in &settings.allow_http {
            builder = builder.allow_http(host);
        }
        if let Some(timeout) = settings.http_timeout {
            builder = builder.http_timeout(timeout);
        }
        for pem in &settings.http_root_certs {
            builder = builder.http_root_certificates(pem);
        }
        if let Some(bytes) = settings.max_http_response {
            builder = builder.max_http_response(bytes);
        }
        for command in settings.host_fns {
            let name = command.name.clone();
            builder = builder.host_fn(name, move |args, kwargs| command.call(args, kwargs));
        }
        if !json {
            builder = builder.on_output(|stream, bytes| {
                // A closed pipe is not the guest's problem: its output is dropped then.
                let _ = match stream {
                    Stream::Stdout => {
                        let mut out = std::io::stdout().lock();
                        out.write_all(bytes).and_then(|()| out.flush())
                    }
                    Stream::Stderr => std::io::stderr().lock().write_all(bytes),
                };
            });
        }
        Ok(Runner {
            session: builder.build()?,
            json,
            max_output,
        })
    }

    /// Runs `snippets` in order and returns the exit status: that of the first failure (the
    /// run stops there unless `keep_going`), or of a `sys.exit`, which ends the run.
    pub fn run_all<'a>(
        &mut self,
        snippets: impl IntoIterator<Item = &'a str>,
        keep_going: bool,
    ) -> i32 {
        let mut first_failure = None;
        for code in snippets {
            match self.run(code, false) {
                Outcome::Ok => {}
                Outcome::Exit(code) => return first_failure.unwrap_or(code),
                Outcome::Failed(status) => {
                    first_failure.get_or_insert(status);
                    if !keep_going {
                        break;
                    }
                }
            }
        }
        first_failure.unwrap_or(EXIT_OK)
    }

    /// Runs one snippet and reports it. `interactive` (the REPL) also prints the `repr` of a
    /// final expression whose value is not `None`.
    pub fn run(&mut self, code: &str, interactive: bool) -> Outcome {
        let start = Instant::now();
        let result = self.session.exec(code);
        let wall = start.elapsed();
        let run = match &result {
            Ok(output) => &output.run,
            Err(error) => &error.run,
        };
        if self.json {
            let mut out = std::io::stdout().lock();
            let line = report::json_line(&result, run, wall);
            let _ = writeln!(out, "{line}").and_then(|()| out.flush());
        } else {
            if let Ok(output) = &result
                && interactive
            {
                print_repr(output);
            }
            warn_truncated(run, self.max_output);
            if let Err(error) = &result {
                print_error(error);
            }
        }
        match result {
            Ok(_) => Outcome::Ok,
            Err(ExecError {
                error: Error::Exit(code),
                ..
            }) => Outcome::Exit(code),
            Err(error) => Outcome::Failed(status(&error.error)),
        }
    }
}

/// The exit status for a failed snippet.
pub fn status(error: &Error) -> i32 {
    match error {
        Error::Syntax(_) | Error::Exception(_) => EXIT_PYTHON,
        Error::Exit(code) => *code,
        _ if error.limit().is_some() => EXIT_LIMIT,
        _ => EXIT_INTERNAL,
    }
}

fn print_repr(output: &ExecOutput) {
    if output.value == Some(Value::None) {
        return;
    }
    if let Some(repr) = &output.repr {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{repr}").and_then(|()| out.flush());
    }
}

fn warn_truncated(run: &Run, limit: usize) {
    for (cut, name) in [
        (run.stdout_truncated, "stdout"),
        (run.stderr_truncated, "stderr"),
    ] {
        if cut {
            eprintln!(
                "mpsandbox: {name} was cut at the output limit ({})",
                ByteSize::from(limit)
            );
        }
    }
}

fn print_error(error: &ExecError) {
    match &error.error {
        // SystemExit prints nothing (the guest writes a non-integer exit value itself).
        Error::Exit(_) => {}
        Error::Syntax(_) | Error::Exception(_) => eprintln!("{}", error.error),
        // Where the allocation failed helps; where a timeout struck is arbitrary.
        Error::Limit {
            hit,
            exception: Some(exception),
        } if hit.kind == mpsandbox::LimitKind::Memory => {
            eprintln!("{exception}\nmpsandbox: {hit}")
        }
        other => eprintln!("mpsandbox: {other}"),
    }
}
