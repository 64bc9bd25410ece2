//! `mpsandbox._mpsandbox`: the Python binding of the `mpsandbox` library (a thin layer: the
//! library does the work; the Python package `mpsandbox` adds asyncio, the reference
//! system's API in `mpsandbox.compat`, and type stubs).

mod convert;
mod hostfn;
mod options;
mod report;
mod sandbox;
mod session;
mod snapshot;
mod template;
mod units;

use pyo3::prelude::*;

/// The native part of mpsandbox; import `mpsandbox` instead.
#[pymodule]
fn _mpsandbox(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<sandbox::Sandbox>()?;
    module.add_class::<session::Session>()?;
    module.add_class::<snapshot::Snapshot>()?;
    module.add_class::<template::Template>()?;
    module.add_class::<report::ExecResult>()?;
    module.add_class::<report::CallResult>()?;
    module.add_class::<report::Usage>()?;
    module.add_function(wrap_pyfunction!(sandbox::default_sandbox, module)?)?;
    Ok(())
}
