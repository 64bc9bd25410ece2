//! What every `exec`/`call` reports, whether it succeeded or failed: [`Run`], embedded in
//! [`ExecOutput`], [`CallOutput`] and [`ExecError`](crate::ExecError).

use crate::limits::Usage;
use crate::output::Captured;
use crate::value::Value;

/// The report of one `exec`/`call`: its output, what it used, and whether the session
/// restarted for it. Every result and error carries one (`run`).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Run {
    /// What the code wrote to `sys.stdout` (bytes that are not UTF-8 read as U+FFFD), at
    /// most the session's output limit
    /// ([`SessionBuilder::max_output`](crate::SessionBuilder::max_output)).
    pub stdout: String,
    /// What the code wrote to `sys.stderr` (a traceback of an uncaught exception is not in
    /// it: the error holds that).
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
    /// What the call used: wall time, fuel, peak memory.
    pub usage: Usage,
    /// When the session had been lost and restarted a fresh interpreter for this call
    /// ([`SessionBuilder::restart_lost`](crate::SessionBuilder::restart_lost)): why it had
    /// been lost.
    pub restarted: Option<String>,
}

impl Run {
    /// The report of a call from what its streams captured and what it used.
    pub(crate) fn new(
        (stdout, stderr): (Captured, Captured),
        usage: Usage,
        restarted: Option<String>,
    ) -> Run {
        Run {
            stdout: stdout.text,
            stderr: stderr.text,
            stdout_truncated: stdout.truncated,
            stderr_truncated: stderr.truncated,
            usage,
            restarted,
        }
    }
}

/// The result of a successful [`Session::exec`](crate::Session::exec).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ExecOutput {
    /// When the last statement is an expression: its value, if it has a value form.
    ///
    /// `None` when the last statement is not an expression, or when its value does not
    /// convert (a function, say: `repr` still describes it). An expression whose value is
    /// Python's `None` gives `Some(Value::None)`.
    pub value: Option<Value>,
    /// When the last statement is an expression: its `repr` text.
    pub repr: Option<String>,
    /// The output, usage and restart of the call.
    pub run: Run,
}

/// The result of a successful [`Session::call`](crate::Session::call).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallOutput {
    /// What the function returned.
    pub value: Value,
    /// The output, usage and restart of the call.
    pub run: Run,
}
