//! Python callables as host functions and as the streaming output callback.
//!
//! Both run on the thread running the guest, which holds no GIL while the guest runs: they
//! take it for the duration of the Python call.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mpsandbox::{Stream, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{to_python, to_value};

/// What a session's host functions need to know about the run in progress.
#[derive(Default)]
pub struct RunContext {
    inner: Mutex<RunInfo>,
}

#[derive(Default)]
struct RunInfo {
    /// The event loop of the `exec_async`/`call_async` in progress: coroutine host functions
    /// are awaited there.
    event_loop: Option<Py<PyAny>>,
    /// When the run's timeout ends (a coroutine host function waits no longer).
    deadline: Option<Instant>,
}

impl RunContext {
    /// Records the run that starts: its event loop (async runs) and timeout.
    pub fn start(&self, event_loop: Option<Py<PyAny>>, timeout: Option<Duration>) {
        let mut info = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        info.event_loop = event_loop;
        info.deadline = timeout.map(|t| Instant::now() + t);
    }

    /// Forgets the run that ended.
    pub fn end(&self) {
        let mut info = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        info.event_loop = None;
        info.deadline = None;
    }

    fn snapshot(&self, py: Python<'_>) -> (Option<Py<PyAny>>, Option<f64>) {
        let info = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let remaining = info
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        (info.event_loop.as_ref().map(|l| l.clone_ref(py)), remaining)
    }
}

/// The host function `name`: calls `callable` with native values; an exception becomes the
/// message `Type: message` that the guest raises as `host.HostError`; a returned awaitable is
/// awaited (on the caller's event loop in async runs) within the run's timeout.
pub fn host_function(
    callable: Py<PyAny>,
    context: Arc<RunContext>,
) -> impl Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String> + Send + Sync + 'static {
    move |args, kwargs| {
        Python::attach(|py| {
            invoke(py, &callable, &context, args, kwargs).map_err(|e| describe(py, e))
        })
    }
}

fn invoke(
    py: Python<'_>,
    callable: &Py<PyAny>,
    context: &RunContext,
    args: Vec<Value>,
    kwargs: Vec<(String, Value)>,
) -> PyResult<Value> {
    let args = args
        .iter()
        .map(|v| to_python(py, v))
        .collect::<PyResult<Vec<_>>>()?;
    let args = PyTuple::new(py, args)?;
    let kwargs = if kwargs.is_empty() {
        None
    } else {
        let dict = PyDict::new(py);
        for (key, value) in &kwargs {
            dict.set_item(key, to_python(py, value)?)?;
        }
        Some(dict)
    };
    let result = callable.bind(py).call(args, kwargs.as_ref())?;
    match to_value(&result) {
        Ok(value) => Ok(value),
        Err(e) if e.is_instance_of::<PyTypeError>(py) && is_awaitable(py, &result)? => {
            let (event_loop, timeout) = context.snapshot(py);
            let resolved = resolver(py)?.call1((result, event_loop, timeout))?;
            to_value(&resolved)
        }
        Err(e) => Err(e),
    }
}

fn is_awaitable(py: Python<'_>, object: &Bound<'_, PyAny>) -> PyResult<bool> {
    static ISAWAITABLE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    ISAWAITABLE
        .import(py, "inspect", "isawaitable")?
        .call1((object,))?
        .is_truthy()
}

/// `mpsandbox._aio._resolve(awaitable, loop, timeout)`.
fn resolver(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    RESOLVE.import(py, "mpsandbox._aio", "_resolve")
}

/// The guest's `HostError` message for a Python exception: `Type: message`.
fn describe(py: Python<'_>, error: PyErr) -> String {
    let type_name = error
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    let message = error
        .value(py)
        .str()
        .map(|s| s.to_string())
        .unwrap_or_default();
    if message.is_empty() {
        type_name
    } else {
        format!("{type_name}: {message}")
    }
}

/// The streaming output callback: `callback(stream, text)` with `stream` `"stdout"` or
/// `"stderr"`. A character split between two chunks is passed whole with the second. An
/// exception in the callback is reported as unraisable (it cannot stop the guest).
pub fn output_callback(callback: Py<PyAny>) -> impl FnMut(Stream, &[u8]) + Send + 'static {
    let mut pending: [Vec<u8>; 2] = [Vec::new(), Vec::new()];
    move |stream, bytes| {
        let (index, name) = match stream {
            Stream::Stdout => (0, "stdout"),
            _ => (1, "stderr"),
        };
        let buffer = &mut pending[index];
        buffer.extend_from_slice(bytes);
        let complete = match std::str::from_utf8(buffer) {
            Ok(_) => buffer.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => buffer.len(),
        };
        if complete == 0 {
            return;
        }
        let rest = buffer.split_off(complete);
        let text = String::from_utf8_lossy(buffer).into_owned();
        *buffer = rest;
        Python::attach(|py| {
            if let Err(e) = callback.bind(py).call1((name, text)) {
                e.write_unraisable(py, Some(callback.bind(py)));
            }
        });
    }
}
