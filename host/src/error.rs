//! Errors: what Python raised, what the sandbox refused, and what went wrong in the host.

use std::fmt;
use std::path::PathBuf;

use crate::dirs::GrantError;
use crate::limits::LimitHit;
use crate::run::Run;
use crate::snapshot::SnapshotError;
use crate::value::ValueError;

/// The file name Python code runs under, as tracebacks show it.
pub const SOURCE_NAME: &str = "<stdin>";

/// Every error of this crate.
///
/// The Python errors ([`Error::Syntax`], [`Error::Exception`], [`Error::Exit`]) leave the
/// session usable; [`Error::SessionLost`] means it is not, now or later.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The code did not compile; nothing ran.
    #[error("{0}")]
    Syntax(Box<SyntaxError>),
    /// An exception propagated out of the code.
    #[error("{0}")]
    Exception(Box<Exception>),
    /// The code raised `SystemExit` (for example through `sys.exit(n)`), with this exit code.
    #[error("SystemExit: {0}")]
    Exit(i32),
    /// A limit stopped the code cleanly, and the session stays usable (its globals as the
    /// code left them): the timeout or fuel budget (a soft stop: `KeyboardInterrupt` unwound
    /// the Python stack), or the memory cap (an uncaught `MemoryError` after the cap refused
    /// an allocation).
    #[error("{hit}")]
    Limit {
        /// Which limit, its value and what was used.
        hit: LimitHit,
        /// The Python exception the code ended with (`KeyboardInterrupt`, `MemoryError`),
        /// with its traceback; `None` if the code swallowed it and ended normally.
        exception: Option<Box<Exception>>,
    },
    /// The guest trapped, and its interpreter's state could not be kept: this call and every
    /// later one on the same session fail with this error (unless the session restarts lost
    /// interpreters: [`SessionBuilder::restart_lost`](crate::SessionBuilder::restart_lost)).
    #[error("the session is lost: {reason}")]
    SessionLost {
        /// What happened, for example `stack exhausted (wasm trap: call stack exhausted)`, or
        /// the limit whose hard stop trapped the guest.
        reason: String,
        /// The limit whose hard stop trapped the guest, if one did.
        limit: Option<LimitHit>,
    },
    /// A value could not cross the boundary: an argument the guest cannot receive, or data
    /// from the guest that does not decode. The session stays usable.
    #[error("invalid value: {0}")]
    InvalidValue(#[from] ValueError),
    /// A directory grant could not be made; the session did not start.
    #[error(transparent)]
    Grant(#[from] GrantError),
    /// This build of the library embeds no component (see [`Engine::new`](crate::Engine::new)).
    #[error(
        "this build of mpsandbox embeds no MicroPython component: run `cargo xtask build` \
         (which writes target/mpsandbox/mpsandbox.wasm) and rebuild, or load a component with \
         Engine::from_file"
    )]
    NoComponent,
    /// The component file could not be read.
    #[error("cannot read the component {}: {source}", path.display())]
    ReadComponent {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An entry given to [`SessionBuilder::allow_http`](crate::SessionBuilder::allow_http)
    /// is not a `host[:port]`.
    #[error("invalid HTTP allow-list entry {entry:?}: {reason}")]
    InvalidAllowHttp {
        /// The entry as given.
        entry: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The certificates given to
    /// [`SessionBuilder::http_root_certificates`](crate::SessionBuilder::http_root_certificates)
    /// do not parse.
    #[error("invalid root certificate for https: {reason}")]
    InvalidCertificate {
        /// What is wrong.
        reason: String,
    },
    /// A host function's name can never be called from Python: `host.names` and
    /// `host.HostError` are the module's own, and dunder names are Python's protocol.
    #[error("invalid host function name {name:?}: {reason}")]
    InvalidHostFnName {
        /// The name as given.
        name: String,
        /// Why Python cannot reach it.
        reason: &'static str,
    },
    /// The memory limit is below what the interpreter needs to start
    /// ([`MIN_MEMORY_LIMIT`](crate::MIN_MEMORY_LIMIT)).
    #[error("memory limit of {limit} bytes is below the interpreter's minimum of {minimum} bytes")]
    MemoryLimitTooSmall {
        /// The limit given, in bytes.
        limit: usize,
        /// The smallest limit accepted, in bytes.
        minimum: usize,
    },
    /// A snapshot could not be taken, read or restored.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// The runtime failed: the engine configuration, compiling or linking the component,
    /// instantiating a session, or starting the thread that runs guest code.
    #[error("{context}: {message}")]
    Runtime {
        /// What was being done.
        context: &'static str,
        /// The runtime's message.
        message: String,
    },
}

impl Error {
    pub(crate) fn runtime(context: &'static str, error: impl fmt::Display) -> Error {
        Error::Runtime {
            context,
            message: format!("{error:#}"),
        }
    }
}

/// Python code that does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyntaxError {
    /// The exception's type name: `SyntaxError` or `IndentationError`.
    pub type_name: String,
    /// The message, for example `invalid syntax`.
    pub message: String,
    /// The 1-based line of the error in the submitted code.
    pub line: u32,
    /// The 1-based column, when known (MicroPython reports lines only).
    pub column: Option<u32>,
    /// The text of that line of the submitted code, when it has one.
    pub text: Option<String>,
}

impl fmt::Display for SyntaxError {
    /// As Python prints it: the location, the offending line (with a caret under the column,
    /// when known), then `Type: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  File \"{SOURCE_NAME}\", line {}", self.line)?;
        if let Some(text) = self
            .text
            .as_deref()
            .map(str::trim_end)
            .filter(|t| !t.trim().is_empty())
        {
            let indent = text.len() - text.trim_start().len();
            writeln!(f, "    {}", text.trim_start())?;
            if let Some(column) = self.column {
                let caret = (column as usize).saturating_sub(1).saturating_sub(indent);
                writeln!(f, "    {}^", " ".repeat(caret))?;
            }
        }
        write!(f, "{}: {}", self.type_name, self.message)
    }
}

/// An uncaught Python exception.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Exception {
    /// The exception's type name, for example `ZeroDivisionError`.
    pub type_name: String,
    /// `str(exception)`.
    pub message: String,
    /// The traceback as Python prints it, ending with the `Type: message` line.
    pub traceback: String,
}

impl fmt::Display for Exception {
    /// The traceback (without a final newline).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let traceback = self.traceback.trim_end_matches('\n');
        if traceback.is_empty() {
            if self.message.is_empty() {
                f.write_str(&self.type_name)
            } else {
                write!(f, "{}: {}", self.type_name, self.message)
            }
        } else {
            f.write_str(traceback)
        }
    }
}

/// A failed [`exec`](crate::Session::exec) or [`call`](crate::Session::call): the error, and
/// the report of the call up to it (the output the code produced before it).
#[derive(Debug)]
#[non_exhaustive]
pub struct ExecError {
    /// What went wrong.
    pub error: Error,
    /// The output, usage and restart of the call, up to the error.
    pub run: Run,
}

impl ExecError {
    /// An error with no output.
    pub(crate) fn bare(error: Error) -> ExecError {
        ExecError {
            error,
            run: Run::default(),
        }
    }

    /// The limit that was hit, whether the stop was soft ([`Error::Limit`]) or hard
    /// ([`Error::SessionLost`]).
    pub fn limit(&self) -> Option<LimitHit> {
        self.error.limit()
    }
}

impl Error {
    /// The limit that was hit, whether the stop was soft ([`Error::Limit`]) or hard
    /// ([`Error::SessionLost`]).
    pub fn limit(&self) -> Option<LimitHit> {
        match self {
            Error::Limit { hit, .. } => Some(*hit),
            Error::SessionLost { limit, .. } => *limit,
            _ => None,
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for ExecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl From<ExecError> for Error {
    fn from(e: ExecError) -> Error {
        e.error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_print_as_python() {
        let e = SyntaxError {
            type_name: "SyntaxError".into(),
            message: "invalid syntax".into(),
            line: 2,
            column: Some(9),
            text: Some("    x = (1 +\n".into()),
        };
        assert_eq!(
            e.to_string(),
            "  File \"<stdin>\", line 2\n    x = (1 +\n        ^\nSyntaxError: invalid syntax"
        );
        let e = SyntaxError {
            column: None,
            text: None,
            ..e
        };
        assert_eq!(
            e.to_string(),
            "  File \"<stdin>\", line 2\nSyntaxError: invalid syntax"
        );
    }

    #[test]
    fn exceptions_print_their_traceback() {
        let e = Exception {
            type_name: "ValueError".into(),
            message: "bad".into(),
            traceback: "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nValueError: bad\n".into(),
        };
        assert!(e.to_string().ends_with("ValueError: bad"));
        let e = Exception {
            traceback: String::new(),
            ..e
        };
        assert_eq!(e.to_string(), "ValueError: bad");
        assert_eq!(Error::Exit(3).to_string(), "SystemExit: 3");
    }
}
