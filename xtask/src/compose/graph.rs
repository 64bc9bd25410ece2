//! Composition with `wac-graph`: components instantiated in order, each import wired to the
//! export of the same name of an earlier instance; what no instance exports stays an import
//! of the composition (WASI).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use wac_graph::types::Package;
use wac_graph::{CompositionGraph, EncodeOptions, NodeId};

use crate::component::is_newer;

/// The sandbox's value and error types (the provider exports them, for every part).
pub const TYPES: &str = "mpsandbox:sandbox/types@0.1.0";
/// The sandbox's session interface.
pub const SESSION: &str = "mpsandbox:sandbox/session@0.1.0";
/// The sandbox's snapshot interface.
pub const SNAPSHOT: &str = "mpsandbox:sandbox/snapshot@0.1.0";
/// The provider's deadline interface.
pub const DEADLINE: &str = "mpsandbox:compose/deadline@0.1.0";
/// The HTTP front's export.
pub const INCOMING_HANDLER: &str = "wasi:http/incoming-handler@0.2.12";

/// Composes `components` (instantiated in this order) into `out`, exporting `exports` (each
/// from the last instance that exports it); writes nothing when `out` is newer than every
/// input. Fails when the composition would import anything but WASI.
pub fn write(components: &[&Path], exports: &[&str], out: &Path) -> Result<PathBuf> {
    let current_exe = std::env::current_exe()?;
    if components.iter().all(|c| is_newer(out, c)) && is_newer(out, &current_exe) {
        return Ok(out.to_path_buf());
    }
    let mut graph = CompositionGraph::new();
    // (instance, its export names), in instantiation order.
    let mut instances: Vec<(NodeId, Vec<String>)> = Vec::new();
    for (index, path) in components.iter().enumerate() {
        let package = Package::from_file(
            &format!("mpsandbox:part{index}"),
            None,
            path,
            graph.types_mut(),
        )
        .with_context(|| format!("cannot read the component {}", path.display()))?;
        let world = &graph.types()[package.ty()];
        let imports: Vec<String> = world.imports.keys().cloned().collect();
        let export_names: Vec<String> = world.exports.keys().cloned().collect();
        let package = graph.register_package(package)?;
        let instance = graph.instantiate(package);
        for import in &imports {
            let provider = instances
                .iter()
                .rev()
                .find(|(_, names)| names.contains(import));
            if let Some((from, _)) = provider {
                let export = graph.alias_instance_export(*from, import)?;
                graph
                    .set_instantiation_argument(instance, import, export)
                    .with_context(|| {
                        format!("{}'s import {import} does not fit", path.display())
                    })?;
            }
        }
        instances.push((instance, export_names));
    }
    for name in exports {
        let (instance, _) = instances
            .iter()
            .rev()
            .find(|(_, names)| names.iter().any(|n| n == name))
            .with_context(|| format!("no component exports {name}"))?;
        let export = graph.alias_instance_export(*instance, name)?;
        graph.export(export, *name)?;
    }
    let bytes = graph
        .encode(EncodeOptions::default())
        .context("wac-graph could not encode the composition")?;
    let imports = imports_of(&bytes)?;
    let foreign: Vec<&String> = imports.iter().filter(|i| !i.starts_with("wasi:")).collect();
    ensure!(
        foreign.is_empty(),
        "the composition {} imports more than WASI: {foreign:?}",
        out.display()
    );
    crate::component::validate_exports(&bytes, exports)?;
    fs::create_dir_all(out.parent().expect("a file in a folder"))?;
    fs::write(out, &bytes)?;
    Ok(out.to_path_buf())
}

/// The names a component imports.
pub fn imports_of(component: &[u8]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut depth = 0;
    for payload in wasmparser::Parser::new(0).parse_all(component) {
        match payload? {
            wasmparser::Payload::ModuleSection { .. }
            | wasmparser::Payload::ComponentSection { .. } => depth += 1,
            wasmparser::Payload::End(_) => depth -= 1,
            wasmparser::Payload::ComponentImportSection(section) if depth == 0 => {
                for import in section {
                    names.push(import?.name.name.to_owned());
                }
            }
            _ => {}
        }
    }
    Ok(names)
}
