//! What a run reports: results, usage and errors, as Python objects.
//!
//! The only module that reads the library's run reports (`Run`, in `ExecOutput`, `CallOutput`
//! and `ExecError`).

use mpsandbox::{
    CallOutput, Error, Exception, ExecError, ExecOutput, LimitHit, Run, Usage as RustUsage,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use crate::convert::to_python;

/// What one run used.
#[pyclass(module = "mpsandbox", frozen, get_all)]
pub struct Usage {
    /// Wall-clock time of the run, in seconds.
    pub wall: f64,
    /// Fuel consumed (about one unit per wasm instruction), or None when the sandbox does
    /// not meter fuel.
    pub fuel: Option<u64>,
    /// Peak size of the guest's memory so far, in bytes.
    pub memory: u64,
}

#[pymethods]
impl Usage {
    fn __repr__(&self) -> String {
        let fuel = self.fuel.map_or("None".into(), |f| f.to_string());
        format!(
            "Usage(wall={:.6}, fuel={fuel}, memory={})",
            self.wall, self.memory
        )
    }
}

fn usage(usage: &RustUsage) -> Usage {
    Usage {
        wall: usage.wall.as_secs_f64(),
        fuel: usage.fuel,
        memory: usage.memory as u64,
    }
}

/// The result of `Session.exec`.
#[pyclass(module = "mpsandbox", frozen, get_all)]
pub struct ExecResult {
    /// The value of the last statement when it is an expression with a value form (None
    /// otherwise; see `repr` to tell the two apart).
    pub value: Py<PyAny>,
    /// The `repr` of the last statement's value when it is an expression, else None.
    pub repr: Option<String>,
    /// What the code wrote to `sys.stdout`.
    pub stdout: String,
    /// What the code wrote to `sys.stderr`.
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
    /// What the run used.
    pub usage: Py<Usage>,
    /// When the session had been lost and this run started a fresh interpreter: why.
    pub restarted: Option<String>,
}

#[pymethods]
impl ExecResult {
    fn __repr__(&self) -> String {
        format!(
            "ExecResult(repr={}, stdout={:?}, stderr={:?})",
            self.repr
                .as_deref()
                .map_or("None".into(), |r| format!("{r:?}")),
            self.stdout,
            self.stderr
        )
    }
}

/// The result of `Session.call`.
#[pyclass(module = "mpsandbox", frozen, get_all)]
pub struct CallResult {
    /// What the function returned.
    pub value: Py<PyAny>,
    /// What the call wrote to `sys.stdout`.
    pub stdout: String,
    /// What the call wrote to `sys.stderr`.
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
    /// What the call used.
    pub usage: Py<Usage>,
    /// When the session had been lost and this call started a fresh interpreter: why.
    pub restarted: Option<String>,
}

#[pymethods]
impl CallResult {
    fn __repr__(&self, py: Python<'_>) -> String {
        let value = self
            .value
            .bind(py)
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_default();
        format!(
            "CallResult(value={value}, stdout={:?}, stderr={:?})",
            self.stdout, self.stderr
        )
    }
}

/// The Python result of a successful exec.
pub fn exec_result(py: Python<'_>, out: ExecOutput) -> PyResult<ExecResult> {
    let value = match &out.value {
        Some(v) => to_python(py, v)?.unbind(),
        None => py.None(),
    };
    let run = out.run;
    Ok(ExecResult {
        value,
        repr: out.repr,
        usage: Py::new(py, usage(&run.usage))?,
        stdout: run.stdout,
        stderr: run.stderr,
        stdout_truncated: run.stdout_truncated,
        stderr_truncated: run.stderr_truncated,
        restarted: run.restarted,
    })
}

/// The Python result of a successful call.
pub fn call_result(py: Python<'_>, out: CallOutput) -> PyResult<CallResult> {
    let run = out.run;
    Ok(CallResult {
        value: to_python(py, &out.value)?.unbind(),
        usage: Py::new(py, usage(&run.usage))?,
        stdout: run.stdout,
        stderr: run.stderr,
        stdout_truncated: run.stdout_truncated,
        stderr_truncated: run.stderr_truncated,
        restarted: run.restarted,
    })
}

/// The Python exception for a failed run, carrying its output and usage.
pub fn run_error(py: Python<'_>, failure: ExecError) -> PyErr {
    let attributes = PyDict::new(py);
    let filled = run_attributes(py, &failure.run, &attributes);
    match filled {
        Ok(()) => error_with(py, failure.error, attributes),
        Err(e) => e,
    }
}

/// A run's report as the attributes of an error.
fn run_attributes(py: Python<'_>, run: &Run, attributes: &Bound<'_, PyDict>) -> PyResult<()> {
    attributes.set_item("stdout", &run.stdout)?;
    attributes.set_item("stderr", &run.stderr)?;
    attributes.set_item("stdout_truncated", run.stdout_truncated)?;
    attributes.set_item("stderr_truncated", run.stderr_truncated)?;
    attributes.set_item("usage", Py::new(py, usage(&run.usage))?)?;
    attributes.set_item("restarted", &run.restarted)
}

/// The Python exception for a library error outside a run (starting a session).
pub fn error(py: Python<'_>, error: Error) -> PyErr {
    error_with(py, error, PyDict::new(py))
}

fn error_with(py: Python<'_>, error: Error, attributes: Bound<'_, PyDict>) -> PyErr {
    match build_error(py, &error, &attributes) {
        Ok(e) => e,
        Err(e) => e,
    }
}

fn build_error(py: Python<'_>, error: &Error, attrs: &Bound<'_, PyDict>) -> PyResult<PyErr> {
    let message = error.to_string();
    let class = match error {
        Error::Syntax(e) => {
            attrs.set_item("type_name", &e.type_name)?;
            attrs.set_item("message", &e.message)?;
            attrs.set_item("line", e.line)?;
            attrs.set_item("column", e.column)?;
            attrs.set_item("text", &e.text)?;
            "SandboxSyntaxError"
        }
        Error::Exception(e) => {
            exception_attributes(e, attrs)?;
            "SandboxException"
        }
        Error::Exit(code) => {
            attrs.set_item("code", code)?;
            "SystemExitError"
        }
        Error::Limit { hit, exception } => {
            limit_attributes(Some(hit), attrs)?;
            let exception = match exception {
                Some(e) => {
                    let inner = PyDict::new(py);
                    exception_attributes(e, &inner)?;
                    Some(instantiate(py, "SandboxException", &e.to_string(), &inner)?)
                }
                None => None,
            };
            attrs.set_item("exception", exception)?;
            "LimitExceeded"
        }
        Error::SessionLost { reason, limit } => {
            attrs.set_item("reason", reason)?;
            limit_attributes(limit.as_ref(), attrs)?;
            "SessionLost"
        }
        Error::InvalidValue(_) => "SandboxValueError",
        Error::Grant(_) | Error::InvalidAllowHttp { .. } | Error::InvalidCertificate { .. } => {
            "SandboxConfigError"
        }
        Error::Snapshot(_) => "SnapshotError",
        _ => "SandboxError",
    };
    Ok(PyErr::from_value(instantiate(py, class, &message, attrs)?))
}

fn exception_attributes(e: &Exception, attrs: &Bound<'_, PyDict>) -> PyResult<()> {
    attrs.set_item("type_name", &e.type_name)?;
    attrs.set_item("message", &e.message)?;
    attrs.set_item("traceback", &e.traceback)
}

fn limit_attributes(hit: Option<&LimitHit>, attrs: &Bound<'_, PyDict>) -> PyResult<()> {
    attrs.set_item("kind", hit.map(|h| h.kind.name()))?;
    attrs.set_item("limit", hit.map(|h| h.limit))?;
    attrs.set_item("used", hit.map(|h| h.used))
}

/// An instance of the exception class `name` of `mpsandbox._errors`.
fn instantiate<'py>(
    py: Python<'py>,
    name: &str,
    message: &str,
    attrs: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    error_class(py, name)?.call((message,), Some(attrs))
}

/// The exception class `name` of `mpsandbox._errors`.
pub fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module =
        MODULE.get_or_try_init(py, || py.import("mpsandbox._errors").map(Bound::unbind))?;
    Ok(module.bind(py).getattr(name)?.cast_into::<PyType>()?)
}

/// A new exception of class `name` of `mpsandbox._errors` with `message`.
pub fn new_error(py: Python<'_>, name: &str, message: String) -> PyErr {
    match error_class(py, name).and_then(|class| class.call1((message,))) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}
