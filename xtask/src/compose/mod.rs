//! `cargo xtask compose`: builds the example components in `components/` (C, with our zig
//! and `wit-bindgen c`) and composes them with the sandbox (`wac-graph`):
//!
//! - `mpsandbox-composed.wasm`: the sandbox with the provider plugged in (host functions,
//!   `control` from a deadline, outbound HTTP denied); exports the session, imports only WASI.
//! - `mpsandbox-http.wasm`: provider, sandbox and the HTTP front; exports
//!   `wasi:http/incoming-handler` (`POST /exec`), imports only WASI.

mod graph;
mod parts;

use std::path::PathBuf;

use anyhow::Result;

use crate::paths::Paths;
use crate::step::Step;

/// Builds the parts and composes them (each step skipped when up to date); gives the path
/// of the HTTP service component.
pub fn compose(paths: &Paths, zig: &std::path::Path) -> Result<PathBuf> {
    let step = Step::start("compose", "building the example components");
    let dir = paths.out.join("compose");
    let provider = parts::build(paths, zig, &parts::PROVIDER)?;
    let front = parts::build(paths, zig, &parts::HTTP_FRONT)?;
    let sandbox = paths.component();
    step.doing("composing");
    let composed = graph::write(
        &[&provider, &sandbox],
        &[
            graph::TYPES,
            graph::SESSION,
            graph::SNAPSHOT,
            graph::DEADLINE,
        ],
        &dir.join("mpsandbox-composed.wasm"),
    )?;
    let http = graph::write(
        &[&provider, &sandbox, &front],
        &[graph::INCOMING_HANDLER],
        &dir.join("mpsandbox-http.wasm"),
    )?;
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len() / 1024);
    step.finish(&format!(
        "provider {} KiB, http front {} KiB; {} ({} KiB), {} ({} KiB)",
        size(&provider),
        size(&front),
        composed.display(),
        size(&composed),
        http.display(),
        size(&http)
    ));
    Ok(http)
}
