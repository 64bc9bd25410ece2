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
    let module = fs::read(core)?;
    let component = ComponentEncoder::default()
        .module(&module)
        .context("the core module has no valid component-type section")?
        .validate(true)
        .adapter(
            WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME,
            WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
        )?
        .encode()
        .context("wit-component could not make a component of the core module")?;
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

/// Checks that `component` is a valid component exporting the session interface.
pub fn validate(component: &[u8]) -> Result<()> {
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
    ensure!(
        exports.iter().any(|name| name == SESSION_EXPORT),
        "the component exports {exports:?}, not {SESSION_EXPORT}"
    );
    Ok(())
}

/// Whether `a` exists and was modified after `b`.
pub fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a > b)
}
