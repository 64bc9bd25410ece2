//! `Template`: session options checked once, and optionally setup code run once, that start
//! any number of sessions.

use mpsandbox::{Engine, RunLimits, SessionBuilder, SessionTemplate};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::options::Settings;
use crate::report;
use crate::sandbox::{Sandbox, resolve_sandbox};

/// Session options checked once, and `setup` code run once: sessions of a template start
/// from the state the setup left (its imports, functions and data), with its options.
///
/// `Template(setup=None, **options)` makes one on the process's shared sandbox (`sandbox=`
/// picks another); `Sandbox.template(setup=None, **options)` does the same. Options are
/// those of `Session`. Starting a session of a template skips reading the options again and
/// defining its host functions again, and with `setup`, running that code again; the
/// sessions are independent of each other and of the template (`random` is seeded anew in
/// each). A template's `on_output` callback receives the output of all its sessions.
///
/// Raises what `Session.exec` raises when the setup code fails.
#[pyclass(module = "mpsandbox", frozen, subclass)]
pub struct Template {
    pub inner: SessionTemplate,
    pub limits: RunLimits,
    pub sandbox: Py<Sandbox>,
    /// The options it was made with (for the sessions' `fork`).
    pub options: Option<Py<PyDict>>,
}

/// The template of `builder`, or without one (default options) the engine's default
/// template, which the engine keeps: getting it costs a few reference counts, and its
/// sessions start from the engine's idle state without rebinding anything.
pub fn make(
    py: Python<'_>,
    engine: &Engine,
    builder: Option<SessionBuilder>,
) -> PyResult<SessionTemplate> {
    match builder {
        // Checking settings may read certificates or run setup code: without the GIL.
        Some(builder) => py.detach(move || builder.template()),
        None => engine.template(),
    }
    .map_err(|e| report::error(py, e))
}

#[pymethods]
impl Template {
    #[new]
    #[pyo3(signature = (*, sandbox = None, setup = None, **options))]
    fn new(
        py: Python<'_>,
        sandbox: Option<Py<Sandbox>>,
        setup: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Template> {
        let sandbox = resolve_sandbox(py, sandbox, options)?;
        let settings = Settings::parse(py, &sandbox, options, setup.as_deref())?;
        let inner = make(py, &sandbox.get().engine, settings.builder)?;
        Ok(Template {
            inner,
            limits: settings.limits,
            sandbox,
            options: settings.kept,
        })
    }

    /// The sandbox its sessions run on.
    #[getter]
    fn sandbox(&self, py: Python<'_>) -> Py<Sandbox> {
        self.sandbox.clone_ref(py)
    }

    /// Whether it was made with setup code.
    #[getter]
    fn has_setup(&self) -> bool {
        self.inner.base().is_some()
    }
}
