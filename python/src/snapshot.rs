//! `Snapshot`: a session's state, to start sessions from (in this process or another).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::report;

/// A session's state, taken between runs by `Session.snapshot()`: globals, functions,
/// classes, imported modules, live objects, suspended generators, the `random` state and the
/// working directory.
///
/// Start sessions from it with `Session(snapshot=..., **options)` or `session.fork()`, or
/// go back to it with `session.restore(snapshot)`. It holds no capability: directories, HTTP
/// hosts, host functions and limits are those of the session that restores it. It pickles,
/// and `to_bytes()`/`Snapshot.from_bytes()` give its byte form, the same as the `mpsandbox`
/// CLI's `--save`/`--load` files (versioned, checksummed, LZ4-compressed; it restores only
/// into the build of the sandbox that took it).
#[pyclass(module = "mpsandbox", frozen, name = "Snapshot")]
pub struct Snapshot {
    pub inner: mpsandbox::Snapshot,
}

#[pymethods]
impl Snapshot {
    /// The byte form (what `from_bytes` reads).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| self.inner.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// Reads the byte form. Raises `SnapshotError` when the data is not a snapshot, is
    /// truncated, damaged, or of another format version.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Snapshot> {
        let inner = py
            .detach(|| mpsandbox::Snapshot::from_bytes(data))
            .map_err(|e| report::error(py, e.into()))?;
        Ok(Snapshot { inner })
    }

    /// The SHA-256 (hex) of the sandbox build that took it.
    #[getter]
    fn component_id(&self) -> &str {
        self.inner.component_id()
    }

    /// The linear memory the state needs, in bytes: a session's `memory` limit must allow it.
    #[getter]
    fn memory_size(&self) -> u64 {
        self.inner.memory_size()
    }

    /// The bytes of state it holds, before compression.
    #[getter]
    fn state_bytes(&self) -> u64 {
        self.inner.state_bytes()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_bytes = py.get_type::<Snapshot>().getattr("from_bytes")?;
        (from_bytes, (self.to_bytes(py),)).into_pyobject(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Snapshot(state_bytes={}, memory_size={})",
            self.inner.state_bytes(),
            self.inner.memory_size()
        )
    }
}
