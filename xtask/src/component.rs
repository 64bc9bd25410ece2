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
/// The snapshot interface, which the component must export too.
pub const SNAPSHOT_EXPORT: &str = "mpsandbox:sandbox/snapshot@0.1.0";

/// Writes `target/mpsandbox/mpsandbox.wasm` from `core` unless it is already newer.
pub fn componentize(paths: &Paths, core: &Path) -> Result<()> {
    let step = Step::start("component", "componentizing");
    let out = paths.component();
    if is_newer(&out, core) && is_newer(&out, &std::env::current_exe()?) {
        step.finish(&format!("{} is up to date", out.display()));
        return Ok(());
    }
    let module = fs::read(core)?;
    check_data_start(&module)?;
    let component = encode(&module)?;
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

/// Checks that the guest's `mpsandbox_data_start` (exported as a global) starts the writable
/// data: snapshots save memory from there on, taking what is below it for constant. The link
/// puts `.rodata` in the first data segment and `.data` in the second.
fn check_data_start(module: &[u8]) -> Result<()> {
    let mut segments = Vec::new();
    let mut globals = Vec::new();
    let mut marker = None;
    for payload in Parser::new(0).parse_all(module) {
        match payload? {
            Payload::DataSection(section) => {
                for data in section {
                    if let wasmparser::DataKind::Active { offset_expr, .. } = data?.kind {
                        segments.push(const_i32(&offset_expr)?);
                    }
                }
            }
            Payload::GlobalSection(section) => {
                for global in section {
                    globals.push(const_i32(&global?.init_expr)?);
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export?;
                    if export.name == "mpsandbox_data_start"
                        && export.kind == wasmparser::ExternalKind::Global
                    {
                        marker = Some(export.index as usize);
                    }
                }
            }
            _ => {}
        }
    }
    // Imported globals come first in the index space; the guest imports none.
    let marker = marker
        .and_then(|index| globals.get(index).copied())
        .context("the guest does not export mpsandbox_data_start")?;
    segments.sort_unstable();
    ensure!(
        segments.get(1) == Some(&marker),
        "mpsandbox_data_start ({marker:#x}) does not start the writable data (segments at {segments:x?}): \
         snapshots would miss state; data_start.o must come first in the link"
    );
    Ok(())
}

/// The value of a constant expression `i32.const N`.
fn const_i32(expr: &wasmparser::ConstExpr) -> Result<i32> {
    match expr.get_operators_reader().read()? {
        wasmparser::Operator::I32Const { value } => Ok(value),
        other => anyhow::bail!("unexpected constant expression {other:?}"),
    }
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
        .map(|component| strip_names(&component))
        .context("wit-component could not make a component of the core module")
}

/// Custom sections a component does not need at run time: names for debugging (the guest's
/// own are stripped at link time; these are the adapter's and the component's, about 24 KiB)
/// and the tools that produced it.
const NEEDLESS_SECTIONS: [&str; 3] = ["name", "component-name", "producers"];

/// `wasm` (a component or a core module) without the custom sections of `NEEDLESS_SECTIONS`,
/// in it or in the core modules it holds.
fn strip_names(wasm: &[u8]) -> Vec<u8> {
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, header) = read_leb(&wasm[at + 1..]);
        let body = &wasm[at + 1 + header..at + 1 + header + size];
        at += 1 + header + size;
        let is_component = wasm[4..8] != [1, 0, 0, 0];
        match id {
            0 => {
                let (len, n) = read_leb(body);
                let name = std::str::from_utf8(&body[n..n + len]).unwrap_or("");
                if NEEDLESS_SECTIONS.contains(&name) {
                    continue;
                }
                push_section(&mut out, id, body);
            }
            // A component's core module: stripped in turn.
            1 if is_component => push_section(&mut out, id, &strip_names(body)),
            _ => push_section(&mut out, id, body),
        }
    }
    out
}

fn read_leb(bytes: &[u8]) -> (usize, usize) {
    let mut value = 0usize;
    for (i, byte) in bytes.iter().enumerate() {
        value |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    (value, bytes.len())
}

fn push_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    let mut size = body.len();
    loop {
        let byte = (size & 0x7f) as u8;
        size >>= 7;
        if size == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(body);
}

/// Checks that `component` is a valid component exporting the session and snapshot
/// interfaces.
pub fn validate(component: &[u8]) -> Result<()> {
    validate_exports(component, &[SESSION_EXPORT, SNAPSHOT_EXPORT])
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
