//! Session options from Python keyword arguments, applied to the library's `SessionBuilder`.

use std::path::PathBuf;
use std::time::Duration;

use mpsandbox::{DirAccess, DirGrant, RunLimits, SessionBuilder};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::hostfn::{host_function, output_callback};
use crate::sandbox::Sandbox;
use crate::units::{duration, size};

/// What starting sessions needs from keyword arguments: a builder (none when every option is
/// the default and there is no setup code), the per-run limits, and the options as given
/// (for `fork`).
pub struct Settings {
    pub builder: Option<SessionBuilder>,
    pub limits: RunLimits,
    pub kept: Option<Py<PyDict>>,
}

impl Settings {
    /// Parses `options` for sessions on `sandbox`, with `setup` code run once (templates).
    pub fn parse(
        py: Python<'_>,
        sandbox: &Py<Sandbox>,
        options: Option<&Bound<'_, PyDict>>,
        setup: Option<&str>,
    ) -> PyResult<Settings> {
        let kept = options.map(|o| o.copy()).transpose()?.map(Bound::unbind);
        let options = SessionOptions::parse(options)?;
        let engine = &sandbox.get().engine;
        if options.fuel.is_some() && !engine.meters_fuel() {
            return Err(PyValueError::new_err(
                "fuel: this sandbox does not meter fuel; use Sandbox(fuel=True)",
            ));
        }
        let limits = RunLimits {
            timeout: options.timeout,
            fuel: options.fuel,
        };
        let builder = if options.is_default() && setup.is_none() {
            None
        } else {
            let builder = options.apply(py, engine.session_builder());
            Some(match setup {
                Some(code) => builder.setup(code),
                None => builder,
            })
        };
        Ok(Settings {
            builder,
            limits,
            kept,
        })
    }
}

/// Every session setting, parsed; see `Sandbox.session` for their meaning.
#[derive(Default)]
pub struct SessionOptions {
    memory: Option<u64>,
    pub timeout: Option<Duration>,
    pub fuel: Option<u64>,
    grace: Option<Duration>,
    max_output: Option<u64>,
    restart_lost: bool,
    seed: Option<u64>,
    dirs: Vec<DirGrant>,
    allow_http: Vec<String>,
    http_timeout: Option<Duration>,
    max_http_response: Option<u64>,
    root_certificates: Vec<Vec<u8>>,
    host_functions: Vec<(String, Py<PyAny>)>,
    on_output: Option<Py<PyAny>>,
}

impl SessionOptions {
    /// Whether every setting is the library's default (the engine's default template then
    /// serves, without a template of its own).
    pub fn is_default(&self) -> bool {
        let SessionOptions {
            memory,
            timeout,
            fuel,
            grace,
            max_output,
            restart_lost,
            seed,
            dirs,
            allow_http,
            http_timeout,
            max_http_response,
            root_certificates,
            host_functions,
            on_output,
        } = self;
        memory.is_none()
            && timeout.is_none()
            && fuel.is_none()
            && grace.is_none()
            && max_output.is_none()
            && !restart_lost
            && seed.is_none()
            && dirs.is_empty()
            && allow_http.is_empty()
            && http_timeout.is_none()
            && max_http_response.is_none()
            && root_certificates.is_empty()
            && host_functions.is_empty()
            && on_output.is_none()
    }

    /// Parses keyword arguments; an unknown name is a `TypeError`.
    pub fn parse(options: Option<&Bound<'_, PyDict>>) -> PyResult<SessionOptions> {
        let mut parsed = SessionOptions::default();
        let Some(options) = options else {
            return Ok(parsed);
        };
        for (key, value) in options.iter() {
            let key: String = key.extract()?;
            if value.is_none() {
                continue;
            }
            let o = &mut parsed;
            match key.as_str() {
                "memory" => o.memory = Some(size(&key, &value)?),
                "timeout" => o.timeout = Some(duration(&key, &value)?),
                "fuel" => o.fuel = Some(positive(&key, &value)?),
                "grace" => o.grace = Some(duration(&key, &value)?),
                "max_output" => o.max_output = Some(size(&key, &value)?),
                "restart_lost" => o.restart_lost = value.is_truthy()?,
                "seed" => o.seed = Some(value.extract()?),
                "dirs" => o.dirs = grants(&value)?,
                "allow_http" => o.allow_http = strings(&key, &value)?,
                "http_timeout" => o.http_timeout = Some(duration(&key, &value)?),
                "max_http_response" => o.max_http_response = Some(size(&key, &value)?),
                "root_certificates" => o.root_certificates = pem_texts(&value)?,
                "host_functions" => o.host_functions = host_functions(&value)?,
                "on_output" => {
                    if !value.is_callable() {
                        return Err(PyTypeError::new_err("on_output must be callable"));
                    }
                    o.on_output = Some(value.unbind());
                }
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "unexpected session option {key:?} (options: memory, timeout, fuel, \
                         grace, max_output, restart_lost, seed, dirs, allow_http, \
                         http_timeout, max_http_response, root_certificates, host_functions, \
                         on_output)"
                    )));
                }
            }
        }
        Ok(parsed)
    }

    /// Applies the options to `builder`.
    pub fn apply(self, py: Python<'_>, mut builder: SessionBuilder) -> SessionBuilder {
        if let Some(bytes) = self.memory {
            builder = builder.memory_limit(clamp(bytes));
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(fuel) = self.fuel {
            builder = builder.fuel(fuel);
        }
        if let Some(grace) = self.grace {
            builder = builder.grace(grace);
        }
        if let Some(bytes) = self.max_output {
            builder = builder.max_output(clamp(bytes));
        }
        builder = builder.restart_lost(self.restart_lost);
        if let Some(seed) = self.seed {
            builder = builder.deterministic(seed);
        }
        for grant in self.dirs {
            builder = builder.grant(grant);
        }
        for host in &self.allow_http {
            builder = builder.allow_http(host);
        }
        if let Some(timeout) = self.http_timeout {
            builder = builder.http_timeout(timeout);
        }
        if let Some(bytes) = self.max_http_response {
            builder = builder.max_http_response(bytes);
        }
        for pem in &self.root_certificates {
            builder = builder.http_root_certificates(pem);
        }
        for (name, callable) in self.host_functions {
            let function = host_function(callable.clone_ref(py));
            builder = builder.host_fn(name, function);
        }
        if let Some(callback) = self.on_output {
            builder = builder.on_output(output_callback(callback));
        }
        builder
    }
}

fn clamp(bytes: u64) -> usize {
    usize::try_from(bytes).unwrap_or(usize::MAX)
}

fn positive(option: &str, value: &Bound<'_, PyAny>) -> PyResult<u64> {
    value
        .extract::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| PyValueError::new_err(format!("{option}: expected an int > 0")))
}

/// One string or a sequence of strings.
fn strings(option: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    value
        .try_iter()?
        .map(|item| item?.extract::<String>())
        .collect::<PyResult<_>>()
        .map_err(|_| PyTypeError::new_err(format!("{option}: expected a str or a list of str")))
}

/// Directory grants: each a `"HOST[:GUEST][:ro|:rw]"` string, or a tuple `(host, guest)` or
/// `(host, guest, "ro" | "rw")`, the host path a str or `os.PathLike`.
fn grants(value: &Bound<'_, PyAny>) -> PyResult<Vec<DirGrant>> {
    let invalid = || {
        PyTypeError::new_err(
            "dirs: expected a list of \"HOST[:GUEST][:ro|:rw]\" strings or (host, guest[, \"ro\"|\"rw\"]) tuples",
        )
    };
    let mut out = Vec::new();
    for item in value.try_iter()? {
        let item = item?;
        if let Ok(spec) = item.cast::<PyString>() {
            let spec = spec.to_cow()?;
            out.push(spec.parse::<DirGrant>().map_err(|e| {
                crate::report::new_error(item.py(), "SandboxConfigError", e.to_string())
            })?);
        } else if let Ok(tuple) = item.cast::<PyTuple>() {
            let host: PathBuf = tuple.get_item(0).map_err(|_| invalid())?.extract()?;
            let guest: String = tuple.get_item(1).map_err(|_| invalid())?.extract()?;
            let access = match tuple.len() {
                2 => DirAccess::ReadOnly,
                3 => match tuple.get_item(2)?.extract::<String>()?.as_str() {
                    "ro" => DirAccess::ReadOnly,
                    "rw" => DirAccess::ReadWrite,
                    other => {
                        return Err(PyValueError::new_err(format!(
                            "dirs: access must be \"ro\" or \"rw\", not {other:?}"
                        )));
                    }
                },
                _ => return Err(invalid()),
            };
            out.push(DirGrant::new(host, guest, access));
        } else {
            return Err(invalid());
        }
    }
    Ok(out)
}

/// PEM text (str or bytes), or a list of them.
fn pem_texts(value: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    if let Ok(text) = value.extract::<String>() {
        return Ok(vec![text.into_bytes()]);
    }
    if let Ok(bytes) = value.cast::<pyo3::types::PyBytes>() {
        return Ok(vec![bytes.as_bytes().to_vec()]);
    }
    value
        .try_iter()?
        .map(|item| {
            let item = item?;
            item.extract::<String>()
                .map(String::into_bytes)
                .or_else(|_| item.extract::<Vec<u8>>())
        })
        .collect()
}

/// Host functions: a dict `{name: callable}`, a `HostFunctions` registry (anything with
/// `items()`), or a list of callables (named by `__name__`).
fn host_functions(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Py<PyAny>)>> {
    let pairs: Vec<(String, Bound<'_, PyAny>)> = if value.hasattr("items")? {
        value
            .call_method0("items")?
            .try_iter()?
            .map(|pair| pair?.extract())
            .collect::<PyResult<_>>()?
    } else {
        value
            .try_iter()?
            .map(|f| {
                let f = f?;
                Ok((f.getattr("__name__")?.extract()?, f))
            })
            .collect::<PyResult<_>>()?
    };
    pairs
        .into_iter()
        .map(|(name, f)| {
            if !is_identifier(&name) {
                return Err(PyValueError::new_err(format!(
                    "host function name {name:?} is not a Python identifier"
                )));
            }
            if !f.is_callable() {
                return Err(PyTypeError::new_err(format!(
                    "host function {name:?} is not callable"
                )));
            }
            Ok((name, f.unbind()))
        })
        .collect()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
