//! Turns the core module into a component (with the WASI preview1 reactor adapter) and
//! validates it: a valid component that exports the session interface.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, ensure};
use wasi_preview1_component_adapter_provider::{
    WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
};
use wasmparser::{Parser, Payload, Validator, WasmFeatures};
use wit_component::ComponentEncoder;

use crate::paths::Paths;
use crate::step::Step;

/// The interface the component must export.
pub const SESSION_EXPORT: &str = "mpsandbox:sandbox/session@0.1.0";

/// Writes `target/mpsandbox/mpsandbox.wasm` from `core` unless it is already newer.
pub fn componentize(paths: &Paths, core: &Path) -> Result<()> {
    let step = Step::start("component", "componentizing");
    let out = paths.component();
    if is_newer(&out, core) && is_newer(&out, &std::env::current_exe()?) {
        step.finish(&format!("{} is up to date", out.display()));
        return Ok(());
    }
    let component = encode(&fs::read(core)?)?;
    step.doing("validating");
    validate(&component)?;
    let partial = out.with_extension("wasm.partial");
    fs::write(&partial, &component)?;
    fs::rename(&partial, &out)?;
    step.finish(&format!(
        "{} ({} KiB), exports {SESSION_EXPORT}",
        out.display(),
        component.len() / 1024
    ));
    Ok(())
}

/// Makes a component of a preview1 reactor `module` (with its component-type section) by
/// adding the WASI preview1 reactor adapter.
pub fn encode(module: &[u8]) -> Result<Vec<u8>> {
    ComponentEncoder::default()
        .module(module)
        .context("the core module has no valid component-type section")?
        .validate(true)
        .adapter(
            WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME,
            WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
        )?
        .encode()
        .context("wit-component could not make a component of the core module")
}

/// Checks that `component` is a valid component exporting the session interface.
pub fn validate(component: &[u8]) -> Result<()> {
    validate_exports(component, &[SESSION_EXPORT])
}

/// Checks that `component` is a valid component exporting each of `expected`.
pub fn validate_exports(component: &[u8], expected: &[&str]) -> Result<()> {
    Validator::new_with_features(WasmFeatures::all())
        .validate_all(component)
        .context("the component does not validate")?;
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(component) {
        if let Payload::ComponentExportSection(section) = payload? {
            for export in section {
                exports.push(export?.name.name.to_owned());
            }
        }
    }
    for name in expected {
        ensure!(
            exports.iter().any(|e| e == name),
            "the component exports {exports:?}, not {name}"
        );
    }
    Ok(())
}

/// Whether `a` exists and was modified after `b`.
pub fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a > b)
}
