//! Python objects to and from [`Value`]s, the typed tree that crosses the sandbox boundary.

use mpsandbox::{MAX_DEPTH, Value};
use num_bigint::BigInt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};

/// A Python object as a [`Value`]: `None`, `bool`, `int`, `float`, `str`, `bytes` (and
/// `bytearray`), `list`, `tuple`, `dict`, nested at most [`MAX_DEPTH`] deep. Anything else is a
/// `TypeError` naming its type.
pub fn to_value(object: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_value_at(object, 0)
}

fn to_value_at(object: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "value nested more than {MAX_DEPTH} levels deep (or containing itself) cannot enter the sandbox"
        )));
    }
    if object.is_none() {
        return Ok(Value::None);
    }
    if let Ok(b) = object.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        return Ok(match object.extract::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(object.extract::<BigInt>()?),
        });
    }
    if object.is_instance_of::<PyFloat>() {
        return Ok(Value::Float(object.extract::<f64>()?));
    }
    if let Ok(s) = object.cast::<PyString>() {
        return Ok(Value::Str(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = object.cast::<PyBytes>() {
        return Ok(Value::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = object.cast::<PyByteArray>() {
        return Ok(Value::Bytes(b.to_vec()));
    }
    if let Ok(list) = object.cast::<PyList>() {
        return Ok(Value::List(items(list.iter(), depth)?));
    }
    if let Ok(tuple) = object.cast::<PyTuple>() {
        return Ok(Value::Tuple(items(tuple.iter(), depth)?));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut pairs = Vec::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            pairs.push((
                to_value_at(&key, depth + 1)?,
                to_value_at(&value, depth + 1)?,
            ));
        }
        return Ok(Value::Dict(pairs));
    }
    let type_name = object
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "cannot pass a value of type '{type_name}' to the sandbox: only None, bool, int, float, \
         str, bytes, list, tuple and dict cross the boundary"
    )))
}

fn items<'py>(iter: impl Iterator<Item = Bound<'py, PyAny>>, depth: usize) -> PyResult<Vec<Value>> {
    iter.map(|item| to_value_at(&item, depth + 1)).collect()
}

/// A [`Value`] as a native Python object.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::None => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::BigInt(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::Str(s) => PyString::new(py, s).into_any(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any(),
        Value::List(items) => {
            let items = items
                .iter()
                .map(|v| to_python(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Tuple(items) => {
            let items = items
                .iter()
                .map(|v| to_python(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any()
        }
        Value::Dict(pairs) => {
            let dict = PyDict::new(py);
            for (key, value) in pairs {
                dict.set_item(to_python(py, key)?, to_python(py, value)?)?;
            }
            dict.into_any()
        }
    })
}
