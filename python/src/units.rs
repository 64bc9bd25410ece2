//! Human units in options: sizes as `int` bytes or text (`"64MiB"`), durations as seconds
//! (`int`/`float`) or `datetime.timedelta`.

use std::time::Duration;

use mpsandbox::ByteSize;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDelta, PyDeltaAccess, PyInt, PyString};

/// A size in bytes: a non-negative `int`, or text as `mpsandbox::ByteSize` parses it: a
/// number with a unit `B`, `KB`/`K` (1000), `KiB` (1024), `MB`, `MiB`, `GB`, `GiB`, ...,
/// case-insensitive (`"64MiB"`, `"1.5 MB"`).
pub fn size(option: &str, object: &Bound<'_, PyAny>) -> PyResult<u64> {
    if object.is_instance_of::<PyInt>() {
        return object
            .extract::<u64>()
            .map_err(|_| PyValueError::new_err(format!("{option}: a size must be >= 0 bytes")));
    }
    if let Ok(text) = object.cast::<PyString>() {
        let text = text.to_cow()?;
        return text
            .parse::<ByteSize>()
            .map(ByteSize::bytes)
            .map_err(|reason| {
                PyValueError::new_err(format!("{option}: invalid size {text:?}: {reason}"))
            });
    }
    Err(PyTypeError::new_err(format!(
        "{option}: expected a size in bytes (int) or text such as \"64MiB\""
    )))
}

/// A duration: seconds (`int` or `float`, >= 0), or a `datetime.timedelta`.
pub fn duration(option: &str, object: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let seconds = if let Ok(delta) = object.cast::<PyDelta>() {
        delta.get_days() as f64 * 86_400.0
            + delta.get_seconds() as f64
            + delta.get_microseconds() as f64 * 1e-6
    } else if let Ok(seconds) = object.extract::<f64>() {
        seconds
    } else {
        return Err(PyTypeError::new_err(format!(
            "{option}: expected seconds (int or float) or a datetime.timedelta"
        )));
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        PyValueError::new_err(format!(
            "{option}: a duration must be a finite number of seconds >= 0, not {seconds}"
        ))
    })
}

/// `size` for an optional option (`None` means the default).
pub fn opt_size(option: &str, object: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u64>> {
    object
        .filter(|o| !o.is_none())
        .map(|o| size(option, o))
        .transpose()
}

/// `duration` for an optional option (`None` means the default).
pub fn opt_duration(option: &str, object: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Duration>> {
    object
        .filter(|o| !o.is_none())
        .map(|o| duration(option, o))
        .transpose()
}
