//! Runs snippets in one session and reports each: live output and errors on the terminal, or
//! one JSON object per snippet.

use std::io::Write;
use std::time::Instant;

use mpsandbox::{ByteSize, Engine, Error, ExecError, ExecOutput, Run, Session, Snapshot, Value};

use crate::live::LiveOutput;
use crate::options::SessionSettings;
use crate::{EXIT_INTERNAL, EXIT_LIMIT, EXIT_OK, EXIT_PYTHON, report};

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
    /// Without `json`: the writer of the guest's live output.
    live: Option<LiveOutput>,
}

impl Runner {
    /// Starts the session, from `snapshot` if given. Without `json`, the guest's output
    /// streams live to the terminal; with it, each snippet is reported as one JSON object.
    pub fn new(
        engine: &Engine,
        settings: &SessionSettings,
        json: bool,
        snapshot: Option<&Snapshot>,
    ) -> Result<Runner, Error> {
        let max_output = settings.max_output();
        let mut builder = settings.builder(engine);
        let live = (!json).then(LiveOutput::start);
        if let Some(live) = &live {
            builder = builder.on_output(live.callback());
        }
        let template = builder.template()?;
        let session = match snapshot {
            Some(snapshot) => template.restore(snapshot)?,
            None => template.session()?,
        };
        Ok(Runner {
            session,
            json,
            max_output,
            live,
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
                Outcome::Exit(code) => return first_failure.unwrap_or(exit_status(code)),
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

    /// Saves the session's state to `path` (`--save`, the REPL's `:save`).
    pub fn save(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        crate::snapfile::save(&mut self.session, path)
    }

    /// Replaces the session's state with the snapshot in `path` (the REPL's `:load`).
    pub fn load(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let snapshot = crate::snapfile::load(path)?;
        Ok(self.session.restore(&snapshot)?)
    }

    /// Runs one snippet and reports it. `interactive` (the REPL) also prints the `repr` of a
    /// final expression whose value is not `None`.
    pub fn run(&mut self, code: &str, interactive: bool) -> Outcome {
        let start = Instant::now();
        let result = self.session.exec(code);
        let wall = start.elapsed();
        // The guest's output first, then what the CLI says about the snippet.
        if let Some(live) = &self.live {
            live.flush();
        }
        let run = match &result {
            Ok(output) => &output.run,
            Err(error) => &error.run,
        };
        if self.json {
            let mut out = std::io::stdout().lock();
            let line = report::json_line(&result, run, wall, self.max_output);
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
        Error::Exit(code) => exit_status(*code),
        _ if error.limit().is_some() => EXIT_LIMIT,
        _ => EXIT_INTERNAL,
    }
}

/// The process's exit status for the guest's `sys.exit(code)`: the code itself when it
/// cannot be mistaken for one of mpsandbox's own statuses (0, 1, and 5 to 255), otherwise 1,
/// Python's status for a failure. So 2, 3 and 4 always mean a usage error, a limit and an
/// internal error, and an out-of-range code never wraps around to 0.
pub fn exit_status(code: i32) -> i32 {
    match code {
        0 | 1 | 5..=255 => code,
        _ => EXIT_PYTHON,
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
        // SystemExit prints nothing (the guest writes a non-integer exit value itself), unless
        // its code had to be changed to keep it apart from mpsandbox's own statuses.
        Error::Exit(code) if exit_status(*code) != *code => eprintln!(
            "mpsandbox: the code exited with status {code}, reported as {}: 2, 3 and 4 are \
             mpsandbox's own statuses, and a status is 0 to 255",
            exit_status(*code)
        ),
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
