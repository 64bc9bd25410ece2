//! `Sandbox`: the compiled component, once per process, shared by every thread.

use mpsandbox::{Engine, EngineBuilder};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::report;
use crate::units::opt_size;

/// The sandbox: MicroPython compiled (or loaded from the on-disk cache) once. Make one per
/// process and share it between threads; sessions start from it in microseconds.
///
/// Args:
///     fuel: meter fuel, so that sessions can have a `fuel` budget and report fuel used
///         (slows guest code down a little). Default False.
///     pool_size: sessions kept ready in a memory pool (default 1000; 0 turns it off).
///         Sessions beyond it start on demand, a little slower.
///     cache_dir: folder of the compiled-code cache (default: `$MPSANDBOX_CACHE_DIR` or
///         the user's cache folder). Must be writable only by those trusted to run code
///         as this process.
///     max_wasm_stack: the guest's wasm stack, bytes or text such as "8MiB" (default 8 MiB).
#[pyclass(module = "mpsandbox", frozen, subclass)]
pub struct Sandbox {
    pub engine: Engine,
}

#[pymethods]
impl Sandbox {
    #[new]
    #[pyo3(signature = (*, fuel = false, pool_size = None, cache_dir = None, max_wasm_stack = None))]
    fn new(
        py: Python<'_>,
        fuel: bool,
        pool_size: Option<u32>,
        cache_dir: Option<std::path::PathBuf>,
        max_wasm_stack: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Sandbox> {
        let mut builder = EngineBuilder::new().fuel(fuel);
        if let Some(size) = pool_size {
            builder = builder.pool_size(size);
        }
        if let Some(dir) = cache_dir {
            builder = builder.cache_dir(dir);
        }
        if let Some(bytes) = opt_size("max_wasm_stack", max_wasm_stack)? {
            let bytes = usize::try_from(bytes)
                .map_err(|_| PyValueError::new_err("max_wasm_stack: too large"))?;
            builder = builder.max_wasm_stack(bytes);
        }
        let engine = py
            .detach(move || builder.build())
            .map_err(|e| report::error(py, e))?;
        Ok(Sandbox { engine })
    }

    /// Whether this sandbox meters fuel (`Sandbox(fuel=True)`).
    #[getter]
    fn fuel(&self) -> bool {
        self.engine.meters_fuel()
    }

    fn __repr__(&self) -> String {
        format!("Sandbox(fuel={})", self.engine.meters_fuel())
    }
}

/// The process's shared sandbox, made on first use: one that meters fuel when `fuel`.
#[pyfunction]
#[pyo3(signature = (*, fuel = false))]
pub fn default_sandbox(py: Python<'_>, fuel: bool) -> PyResult<Py<Sandbox>> {
    static PLAIN: PyOnceLock<Py<Sandbox>> = PyOnceLock::new();
    static FUELED: PyOnceLock<Py<Sandbox>> = PyOnceLock::new();
    let cell = if fuel { &FUELED } else { &PLAIN };
    cell.get_or_try_init(py, || {
        // An instance of the package's `Sandbox` (this class, with `session()`).
        let kwargs = PyDict::new(py);
        kwargs.set_item("fuel", fuel)?;
        let sandbox = py
            .import("mpsandbox")?
            .getattr("Sandbox")?
            .call((), Some(&kwargs))?;
        Ok::<_, PyErr>(sandbox.cast_into::<Sandbox>()?.unbind())
    })
    .map(|s| s.clone_ref(py))
}

/// `sandbox`, or the process's shared sandbox (one that meters fuel when `options` set a
/// `fuel` budget).
pub fn resolve_sandbox(
    py: Python<'_>,
    sandbox: Option<Py<Sandbox>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<Sandbox>> {
    if let Some(sandbox) = sandbox {
        return Ok(sandbox);
    }
    let fuel = match options {
        Some(o) => o.get_item("fuel")?.is_some_and(|f| !f.is_none()),
        None => false,
    };
    default_sandbox(py, fuel)
}
