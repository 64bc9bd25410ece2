//! Python callables as host functions and as the streaming output callback.
//!
//! Both run on the thread running the guest, which holds no GIL while the guest runs: they
//! take it for the duration of the Python call.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use mpsandbox::{Stream, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{to_python, to_value};

/// What a host function needs to know of the run that calls it: the event loop of the
/// `exec_async`/`call_async` in progress (a coroutine host function is awaited there) and
/// when the run's timeout ends (it waits no longer). Host functions run on the thread that
/// runs the guest, so the run in progress is the calling thread's: sessions of one template
/// share their host functions, and may run on several threads at once.
#[derive(Default)]
struct RunInfo {
    event_loop: Option<Py<PyAny>>,
    deadline: Option<Instant>,
}

thread_local! {
    static CURRENT_RUN: RefCell<RunInfo> = RefCell::default();
}

/// The run in progress on this thread, until dropped: then the run it interrupted, if any
/// (a host function may run another session's code), is the current one again.
pub struct RunGuard {
    outer: RunInfo,
}

/// Records the run that starts on this thread: its event loop (async runs) and timeout.
pub fn enter_run(event_loop: Option<Py<PyAny>>, timeout: Option<Duration>) -> RunGuard {
    let info = RunInfo {
        event_loop,
        deadline: timeout.map(|t| Instant::now() + t),
    };
    RunGuard {
        outer: CURRENT_RUN.with(|current| current.replace(info)),
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        let outer = std::mem::take(&mut self.outer);
        let _ = CURRENT_RUN.try_with(|current| current.replace(outer));
    }
}

/// The event loop and the seconds left of the run in progress on this thread.
fn current_run(py: Python<'_>) -> (Option<Py<PyAny>>, Option<f64>) {
    CURRENT_RUN.with(|current| {
        let info = current.borrow();
        let remaining = info
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        (info.event_loop.as_ref().map(|l| l.clone_ref(py)), remaining)
    })
}

/// The host function `name`: calls `callable` with native values; an exception becomes the
/// message `Type: message` that the guest raises as `host.HostError`; a returned awaitable is
/// awaited (on the caller's event loop in async runs) within the run's timeout.
pub fn host_function(
    callable: Py<PyAny>,
) -> impl Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String> + Send + Sync + 'static {
    move |args, kwargs| {
        Python::attach(|py| invoke(py, &callable, args, kwargs).map_err(|e| describe(py, e)))
    }
}

fn invoke(
    py: Python<'_>,
    callable: &Py<PyAny>,
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
            let (event_loop, timeout) = current_run(py);
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
