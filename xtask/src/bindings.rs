//! The guest's C bindings, generated from `wit/` by `wit-bindgen-c` on every build (written
//! only when they change, so make rebuilds nothing when the WIT did not move).

use anyhow::{Context, Result};
use wit_bindgen_core::Files;
use wit_parser::Resolve;

use crate::paths::Paths;
use crate::step::Step;
use crate::toolchain::write_if_changed;

/// The world the guest implements.
pub const WORLD: &str = "sandbox";

/// Generates `sandbox.h`, `sandbox.c` and `sandbox_component_type.o` into the bindings folder.
pub fn generate(paths: &Paths) -> Result<()> {
    let step = Step::start("bindings", "wit-bindgen c");
    let mut resolve = Resolve::default();
    let (package, _) = resolve
        .push_path(paths.wit())
        .with_context(|| format!("cannot parse the WIT in {}", paths.wit().display()))?;
    let world = resolve.select_world(&[package], Some(WORLD))?;
    let mut files = Files::default();
    wit_bindgen_c::Opts::default()
        .build()
        .generate(&mut resolve, world, &mut files)?;
    let mut changed = 0;
    for (name, bytes) in files.iter() {
        changed += usize::from(write_if_changed(&paths.bindings().join(name), bytes)?);
    }
    step.finish(&format!("{changed} file(s) changed"));
    Ok(())
}
