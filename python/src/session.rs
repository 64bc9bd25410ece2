//! `Session`: one live interpreter, used by one thread at a time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::time::Duration;

use mpsandbox::{RunLimits, Session as RustSession, SessionTemplate};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::to_value;
use crate::hostfn::enter_run;
use crate::options::Settings;
use crate::report::{self, CallResult, ExecResult, new_error};
use crate::sandbox::{Sandbox, resolve_sandbox};
use crate::snapshot::Snapshot;
use crate::template::{self, Template};
use crate::units::opt_duration;

enum Slot {
    Idle(Box<RustSession>),
    Busy,
    /// Busy, and `close` was called: closes when the run ends.
    Closing,
    Closed,
}

/// A session: one live MicroPython interpreter. Variables, functions, classes and imports
/// persist from one `exec`/`call` to the next; sessions are independent of each other.
///
/// `Session(**options)` starts one on the process's shared sandbox (`sandbox=` picks
/// another); `Sandbox.session(**options)` does the same. `Session(template=t)` (or
/// `t.session()`) starts one of a `Template`, with its options. Options (all optional):
///
/// - memory: cap on the guest's memory, bytes or "64MiB" (default 256 MiB). Past it,
///   `MemoryError` in Python; uncaught, `LimitExceeded(kind="memory")`.
/// - timeout: wall-clock limit of each exec/call, seconds or timedelta (default none).
///   A soft stop (`KeyboardInterrupt` in Python, `LimitExceeded(kind="time")`), then after
///   `grace` a hard stop that loses the session (`SessionLost`).
/// - fuel: fuel budget of each exec/call (needs a sandbox that meters fuel; the shared one
///   does when this is given).
/// - grace: time between soft and hard stop (default 0.2 s).
/// - max_output: cap on captured stdout and stderr, each (default 1 MiB); output past it is
///   dropped and the result's `stdout_truncated`/`stderr_truncated` say so.
/// - restart_lost: after the session is lost, start a fresh interpreter at the next call
///   (its result's `restarted` says why) instead of raising `SessionLost`.
/// - seed: deterministic mode: seeded `random`, virtual clock from 2024-01-01.
/// - dirs: directory grants, each "HOST[:GUEST][:ro|:rw]" or (host, guest[, "ro"|"rw"]);
///   read-only unless "rw"; GUEST defaults to /data.
/// - allow_http: hosts Python's `requests` may reach ("api.example.com",
///   "127.0.0.1:8080"); none by default.
/// - http_timeout: time limit of one HTTP request (default 30 s).
/// - max_http_response: cap on one HTTP response body (default 10 MiB).
/// - root_certificates: PEM text (or a list) of extra certificate authorities for https.
/// - host_functions: {name: callable}, a `HostFunctions` registry, or a list of functions.
///   Python in the sandbox calls them as plain names or as `host.NAME` (after
///   `import host`), with positional and keyword arguments; an exception raised by one
///   reaches the guest as `host.HostError("Type: message")`. A coroutine function is
///   awaited (on the caller's event loop in `exec_async`).
/// - on_output: callback(stream, text) receiving output as it is produced ("stdout" or
///   "stderr"), on the thread running the code.
#[pyclass(module = "mpsandbox", subclass)]
pub struct Session {
    slot: Mutex<Slot>,
    timeout: Option<Duration>,
    fuel: Option<u64>,
    sandbox: Py<Sandbox>,
    /// The options it started with, for `fork`.
    options: Option<Py<PyDict>>,
}

impl Session {
    /// Starts a session on `sandbox` with `options`, from `snapshot` if given.
    pub fn start(
        py: Python<'_>,
        sandbox: Py<Sandbox>,
        options: Option<&Bound<'_, PyDict>>,
        snapshot: Option<&mpsandbox::Snapshot>,
    ) -> PyResult<Session> {
        let settings = Settings::parse(py, &sandbox, options, None)?;
        let template = template::make(py, &sandbox.get().engine, settings.builder)?;
        Session::of(
            py,
            &template,
            snapshot,
            settings.limits,
            sandbox,
            settings.kept,
        )
    }

    /// Starts a session of `template`, from `snapshot` if given, with the per-run `limits`
    /// and the `options` it was made with (for `fork`).
    pub fn of(
        py: Python<'_>,
        template: &SessionTemplate,
        snapshot: Option<&mpsandbox::Snapshot>,
        limits: RunLimits,
        sandbox: Py<Sandbox>,
        options: Option<Py<PyDict>>,
    ) -> PyResult<Session> {
        let session = py
            .detach(|| match snapshot {
                Some(snapshot) => template.restore(snapshot),
                None => template.session(),
            })
            .map_err(|e| report::error(py, e))?;
        Ok(Session {
            slot: Mutex::new(Slot::Idle(Box::new(session))),
            timeout: limits.timeout,
            fuel: limits.fuel,
            sandbox,
            options,
        })
    }

    fn take(&self, py: Python<'_>) -> PyResult<Box<RustSession>> {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *slot, Slot::Busy) {
            Slot::Idle(session) => Ok(session),
            busy @ (Slot::Busy | Slot::Closing) => {
                *slot = busy;
                Err(new_error(
                    py,
                    "SessionBusyError",
                    "the session is already running code (on another thread, or this run's host \
                 function called it): a session runs one thing at a time"
                        .into(),
                ))
            }
            Slot::Closed => {
                *slot = Slot::Closed;
                Err(new_error(
                    py,
                    "SessionClosedError",
                    "the session is closed".into(),
                ))
            }
        }
    }

    fn put_back(&self, session: Option<Box<RustSession>>) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = match (session, &*slot) {
            (Some(session), Slot::Busy) => Slot::Idle(session),
            _ => Slot::Closed,
        };
    }

    /// Runs `f` on the session without the GIL, recording the run for host functions.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        event_loop: Option<Py<PyAny>>,
        limits: Option<RunLimits>,
        f: impl FnOnce(&mut RustSession, Option<RunLimits>) -> T + Send,
    ) -> PyResult<T> {
        let mut session = self.take(py)?;
        let timeout = limits.and_then(|l| l.timeout).or(self.timeout);
        let run = enter_run(event_loop, timeout);
        let outcome = py.detach(move || {
            catch_unwind(AssertUnwindSafe(|| f(&mut session, limits))).map(|out| (session, out))
        });
        drop(run);
        match outcome {
            Ok((session, out)) => {
                self.put_back(Some(session));
                Ok(out)
            }
            Err(_) => {
                self.put_back(None);
                Err(new_error(
                    py,
                    "SandboxError",
                    "internal error: the sandbox panicked; the session is closed".into(),
                ))
            }
        }
    }

    /// Per-call limits, when any is given.
    fn limits(
        &self,
        timeout: Option<&Bound<'_, PyAny>>,
        fuel: Option<u64>,
    ) -> PyResult<Option<RunLimits>> {
        let timeout = opt_duration("timeout", timeout)?;
        if timeout.is_none() && fuel.is_none() {
            return Ok(None);
        }
        Ok(Some(RunLimits {
            timeout: timeout.or(self.timeout),
            fuel: fuel.or(self.fuel),
        }))
    }

    fn exec_inner(
        &self,
        py: Python<'_>,
        code: String,
        event_loop: Option<Py<PyAny>>,
        limits: Option<RunLimits>,
    ) -> PyResult<ExecResult> {
        let out = self.run(py, event_loop, limits, move |s, limits| match limits {
            Some(limits) => s.exec_with(&code, limits).map_err(Box::new),
            None => s.exec(&code).map_err(Box::new),
        })?;
        match out {
            Ok(out) => report::exec_result(py, out),
            Err(e) => Err(report::run_error(py, *e)),
        }
    }

    fn call_inner(
        &self,
        py: Python<'_>,
        name: String,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
        event_loop: Option<Py<PyAny>>,
    ) -> PyResult<CallResult> {
        let args = args
            .iter()
            .map(|a| to_value(&a))
            .collect::<PyResult<Vec<_>>>()?;
        let kwargs = match kwargs {
            Some(kwargs) => kwargs
                .iter()
                .map(|(k, v)| Ok((k.extract::<String>()?, to_value(&v)?)))
                .collect::<PyResult<Vec<_>>>()?,
            None => Vec::new(),
        };
        let out = self.run(py, event_loop, None, move |s, _| {
            let kwargs: Vec<(&str, mpsandbox::Value)> = kwargs
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            s.call(&name, &args, &kwargs).map_err(Box::new)
        })?;
        match out {
            Ok(out) => report::call_result(py, out),
            Err(e) => Err(report::run_error(py, *e)),
        }
    }
}

#[pymethods]
impl Session {
    #[new]
    #[pyo3(signature = (*, sandbox = None, snapshot = None, template = None, **options))]
    fn new(
        py: Python<'_>,
        sandbox: Option<Py<Sandbox>>,
        snapshot: Option<PyRef<'_, Snapshot>>,
        template: Option<PyRef<'_, Template>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Session> {
        let snapshot = snapshot.as_ref().map(|s| &s.inner);
        if let Some(template) = template {
            if sandbox.is_some() || options.is_some_and(|o| !o.is_empty()) {
                return Err(PyTypeError::new_err(
                    "a session of a template takes its sandbox and options from the template",
                ));
            }
            return Session::of(
                py,
                &template.inner,
                snapshot,
                template.limits,
                template.sandbox.clone_ref(py),
                template.options.as_ref().map(|o| o.clone_ref(py)),
            );
        }
        let sandbox = resolve_sandbox(py, sandbox, options)?;
        Session::start(py, sandbox, options, snapshot)
    }

    /// Takes a snapshot of the session's state (see `Snapshot`), between runs; the session
    /// goes on unchanged. Raises `SnapshotError` when the session holds an open file.
    fn snapshot(&self, py: Python<'_>) -> PyResult<Snapshot> {
        let taken = self.run(py, None, None, |s, _| s.snapshot())?;
        let inner = taken.map_err(|e| report::error(py, e))?;
        Ok(Snapshot { inner })
    }

    /// Replaces the session's state with `snapshot`'s, keeping its options (going back to
    /// an earlier state). Raises `SnapshotError` for a snapshot of another sandbox build, or
    /// `LimitExceeded` when it needs more memory than the session's limit; the session is
    /// then unchanged.
    fn restore(&self, py: Python<'_>, snapshot: PyRef<'_, Snapshot>) -> PyResult<()> {
        let snapshot = snapshot.inner.clone();
        let done = self.run(py, None, None, move |s, _| s.restore(&snapshot))?;
        done.map_err(|e| report::error(py, e))
    }

    /// The options the session started with (for `fork`).
    #[getter]
    fn _options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match &self.options {
            Some(options) => options.bind(py).copy(),
            None => Ok(PyDict::new(py)),
        }
    }

    /// Runs Python statements in the session, like a notebook cell, and returns an
    /// `ExecResult` (stdout, stderr, the last expression's value and repr, usage).
    ///
    /// `timeout` (seconds or timedelta) and `fuel` override the session's limits for this
    /// run. Raises `SandboxSyntaxError`, `SandboxException`, `SystemExitError`,
    /// `LimitExceeded` or `SessionLost`, each carrying the output produced before it.
    /// The GIL is released while the code runs.
    #[pyo3(signature = (code, *, timeout = None, fuel = None))]
    fn exec(
        &self,
        py: Python<'_>,
        code: String,
        timeout: Option<&Bound<'_, PyAny>>,
        fuel: Option<u64>,
    ) -> PyResult<ExecResult> {
        let limits = self.limits(timeout, fuel)?;
        self.exec_inner(py, code, None, limits)
    }

    /// Calls the function `name` defined in the session with native arguments, and returns
    /// a `CallResult` whose `value` is what it returned. Errors as for `exec`; an argument
    /// without a value form is a `TypeError`.
    #[pyo3(signature = (name, /, *args, **kwargs))]
    fn call(
        &self,
        py: Python<'_>,
        name: String,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<CallResult> {
        self.call_inner(py, name, args, kwargs, None)
    }

    /// `exec` for `AsyncSession`: coroutine host functions are awaited on `event_loop`.
    #[pyo3(signature = (event_loop, code, timeout = None, fuel = None))]
    fn _exec_on(
        &self,
        py: Python<'_>,
        event_loop: Py<PyAny>,
        code: String,
        timeout: Option<&Bound<'_, PyAny>>,
        fuel: Option<u64>,
    ) -> PyResult<ExecResult> {
        let limits = self.limits(timeout, fuel)?;
        self.exec_inner(py, code, Some(event_loop), limits)
    }

    /// `call` for `AsyncSession`: coroutine host functions are awaited on `event_loop`.
    #[pyo3(signature = (event_loop, name, args, kwargs = None))]
    fn _call_on(
        &self,
        py: Python<'_>,
        event_loop: Py<PyAny>,
        name: String,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<CallResult> {
        self.call_inner(py, name, args, kwargs, Some(event_loop))
    }

    /// Ends the session and frees its interpreter. Idempotent; a session running code on
    /// another thread closes when that run ends.
    fn close(&self) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = match std::mem::replace(&mut *slot, Slot::Closed) {
            Slot::Busy | Slot::Closing => Slot::Closing,
            Slot::Idle(_) | Slot::Closed => Slot::Closed,
        };
    }

    /// Whether the session is closed.
    #[getter]
    fn closed(&self) -> bool {
        matches!(
            *self.slot.lock().unwrap_or_else(|e| e.into_inner()),
            Slot::Closed
        )
    }

    /// Why the session is lost (its interpreter trapped), or None.
    #[getter]
    fn lost(&self) -> Option<String> {
        match &*self.slot.lock().unwrap_or_else(|e| e.into_inner()) {
            Slot::Idle(session) => session.lost().map(str::to_owned),
            _ => None,
        }
    }

    /// The sandbox the session runs on.
    #[getter]
    fn sandbox(&self, py: Python<'_>) -> Py<Sandbox> {
        self.sandbox.clone_ref(py)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, PyTuple>) -> bool {
        self.close();
        false
    }
}
