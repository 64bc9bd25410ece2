//! Sessions: one live MicroPython interpreter each.

use std::sync::Arc;

use wasmtime::Store;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::Sandbox;
use crate::bindings::mpsandbox::sandbox::types::{self, Error as WireError, Value as WireValue};
use crate::engine::{Engine, HOST_STACK_MARGIN};
use crate::error::{Error, Exception, ExecError, SyntaxError};
use crate::host_fn::{HostFn, HostFunctions};
use crate::output::{Capture, Captured, DEFAULT_MAX_OUTPUT, OutputCallback, Stream};
use crate::stack;
use crate::value::{Value, nodes};

/// The data of a session's wasmtime store.
pub(crate) struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) host_functions: Arc<HostFunctions>,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl types::Host for State {}

/// The result of a successful [`Session::exec`].
#[derive(Clone, Debug, PartialEq)]
pub struct ExecOutput {
    /// When the last statement is an expression: its value, if it has a value form.
    ///
    /// `None` when the last statement is not an expression, or when its value does not
    /// convert (a function, say: `repr` still describes it). An expression whose value is
    /// Python's `None` gives `Some(Value::None)`.
    pub value: Option<Value>,
    /// When the last statement is an expression: its `repr` text.
    pub repr: Option<String>,
    /// What the code wrote to `sys.stdout` (bytes that are not UTF-8 read as U+FFFD).
    pub stdout: String,
    /// What the code wrote to `sys.stderr` (bytes that are not UTF-8 read as U+FFFD).
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
}

/// The result of a successful [`Session::call`].
#[derive(Clone, Debug, PartialEq)]
pub struct CallOutput {
    /// What the function returned.
    pub value: Value,
    /// What the call wrote to `sys.stdout`.
    pub stdout: String,
    /// What the call wrote to `sys.stderr`.
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
}

/// Configures and starts a [`Session`]; see [`Engine::session_builder`].
pub struct SessionBuilder {
    engine: Engine,
    max_output: usize,
    callback: Option<OutputCallback>,
    host_functions: HostFunctions,
}

impl SessionBuilder {
    pub(crate) fn new(engine: Engine) -> SessionBuilder {
        SessionBuilder {
            engine,
            max_output: DEFAULT_MAX_OUTPUT,
            callback: None,
            host_functions: HostFunctions::default(),
        }
    }

    /// Bounds the output captured from each stream, per `exec`/`call`, to `bytes` (default
    /// 1 MiB). Output past the bound is dropped and the result says it was truncated.
    pub fn max_output(mut self, bytes: usize) -> SessionBuilder {
        self.max_output = bytes;
        self
    }

    /// Calls `callback` with each chunk of output as the guest produces it (only output within
    /// the bound of [`max_output`](Self::max_output)). It runs on the thread running the guest.
    pub fn on_output(
        mut self,
        callback: impl FnMut(Stream, &[u8]) + Send + 'static,
    ) -> SessionBuilder {
        self.callback = Some(Box::new(callback));
        self
    }

    /// Exposes `function` to Python as `host.<name>(*args, **kwargs)`.
    ///
    /// The function receives the positional and keyword arguments as [`Value`]s; an `Err`
    /// message is raised in Python as `host.HostError`, and so is a panic.
    pub fn host_fn(
        mut self,
        name: impl Into<String>,
        function: impl Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String>
        + Send
        + Sync
        + 'static,
    ) -> SessionBuilder {
        let function: Arc<HostFn> = Arc::new(function);
        self.host_functions.insert(name.into(), function);
        self
    }

    /// Starts the session: a fresh interpreter.
    pub fn build(self) -> Result<Session, Error> {
        let capture = Capture::new(self.max_output, self.callback);
        let wasi = WasiCtx::builder()
            .stdout(capture.stream(Stream::Stdout))
            .stderr(capture.stream(Stream::Stderr))
            .build();
        let state = State {
            wasi,
            table: ResourceTable::new(),
            host_functions: Arc::new(self.host_functions),
        };
        let pre = self.engine.pre();
        let mut store = Store::new(pre.engine(), state);
        let guest = pre
            .instantiate(&mut store)
            .map_err(|e| Error::runtime("cannot start a session", e))?;
        Ok(Session {
            store,
            guest,
            capture,
            lost: None,
            max_wasm_stack: self.engine.max_wasm_stack(),
        })
    }
}

/// One live MicroPython interpreter.
///
/// Variables, functions, classes, imports and live objects persist from one
/// [`exec`](Session::exec) or [`call`](Session::call) to the next. Sessions are independent
/// of each other. Python errors leave the session usable; if the guest traps (its state could
/// be inconsistent), the session is lost and says so on every later call.
pub struct Session {
    store: Store<State>,
    guest: Sandbox,
    capture: Capture,
    lost: Option<String>,
    max_wasm_stack: usize,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("lost", &self.lost)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Runs Python statements in the session's global namespace, like a notebook cell.
    ///
    /// When the last statement is an expression, its value and `repr` are returned too.
    pub fn exec(&mut self, code: &str) -> Result<ExecOutput, ExecError> {
        let outcome = self.enter(|session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_session().call_exec(store, code)
        });
        let (stdout, stderr) = self.capture.take();
        let result = outcome.and_then(|r| {
            r.map_err(|e| python_error(e, Some(code)))
                .and_then(|r| Ok((r.value.map(nodes::decode).transpose()?, r.repr)))
        });
        match result {
            Ok((value, repr)) => Ok(ExecOutput {
                value,
                repr,
                stdout: stdout.text,
                stderr: stderr.text,
                stdout_truncated: stdout.truncated,
                stderr_truncated: stderr.truncated,
            }),
            Err(error) => Err(exec_error(error, stdout, stderr)),
        }
    }

    /// Calls the global callable `name` with positional and keyword arguments, and returns
    /// its result.
    ///
    /// A result that has no value form is a `TypeError` exception naming its type.
    pub fn call(
        &mut self,
        name: &str,
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> Result<CallOutput, ExecError> {
        let encoded = (|| -> Result<_, Error> {
            let args = args
                .iter()
                .map(nodes::encode)
                .collect::<Result<Vec<_>, _>>()?;
            let kwargs = kwargs
                .iter()
                .map(|(key, value)| Ok(((*key).to_owned(), nodes::encode(value)?)))
                .collect::<Result<Vec<_>, crate::ValueError>>()?;
            Ok((args, kwargs))
        })();
        let (args, kwargs): (Vec<WireValue>, Vec<(String, WireValue)>) =
            encoded.map_err(ExecError::bare)?;
        let outcome = self.enter(|session| {
            let Session { store, guest, .. } = session;
            guest
                .mpsandbox_sandbox_session()
                .call_call(store, name, &args, &kwargs)
        });
        let (stdout, stderr) = self.capture.take();
        let result = outcome.and_then(|r| {
            r.map_err(|e| python_error(e, None))
                .and_then(|v| Ok(nodes::decode(v)?))
        });
        match result {
            Ok(value) => Ok(CallOutput {
                value,
                stdout: stdout.text,
                stderr: stderr.text,
                stdout_truncated: stdout.truncated,
                stderr_truncated: stderr.truncated,
            }),
            Err(error) => Err(exec_error(error, stdout, stderr)),
        }
    }

    /// Why the session is lost, if it is.
    pub fn lost(&self) -> Option<&str> {
        self.lost.as_deref()
    }

    /// Runs one guest call on a native stack large enough for the guest's wasm stack, and
    /// marks the session lost if the guest traps.
    fn enter<T: Send>(
        &mut self,
        call: impl FnOnce(&mut Session) -> wasmtime::Result<T> + Send,
    ) -> Result<T, Error> {
        if let Some(reason) = &self.lost {
            return Err(Error::SessionLost {
                reason: reason.clone(),
            });
        }
        self.capture.reset();
        let needed = self.max_wasm_stack + HOST_STACK_MARGIN;
        let result = stack::run(needed, HOST_STACK_MARGIN, || call(self))?;
        result.map_err(|error| {
            // A trap leaves the instance unusable ("cannot enter component instance"), and
            // the interpreter's state possibly inconsistent: the session is lost for good.
            let reason = trap_reason(&error);
            self.lost = Some(reason.clone());
            Error::SessionLost { reason }
        })
    }
}

/// Describes why a guest call failed: the trap, or the runtime's message.
fn trap_reason(error: &wasmtime::Error) -> String {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{error:#}"),
    }
}

/// The typed error for a Python error reported by the guest. `code` is the submitted code, for
/// the text of a syntax error's line.
fn python_error(error: WireError, code: Option<&str>) -> Error {
    match error {
        WireError::Syntax(e) => {
            let text = code.and_then(|code| {
                code.lines()
                    .nth((e.line as usize).checked_sub(1)?)
                    .map(str::to_owned)
            });
            Error::Syntax(Box::new(SyntaxError {
                type_name: e.type_name,
                message: e.message,
                line: e.line,
                column: e.column,
                text,
            }))
        }
        WireError::Exception(e) => Error::Exception(Box::new(Exception {
            type_name: e.type_name,
            message: e.message,
            traceback: e.traceback,
        })),
        WireError::Exit(code) => Error::Exit(code),
    }
}

fn exec_error(error: Error, stdout: Captured, stderr: Captured) -> ExecError {
    ExecError {
        error,
        stdout: stdout.text,
        stderr: stderr.text,
        stdout_truncated: stdout.truncated,
        stderr_truncated: stderr.truncated,
    }
}
