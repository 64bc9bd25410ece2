//! Patches to MicroPython's source, for speed on wasm (`guest-micropython/patches/`).
//!
//! The fetched tree (or a checkout named by `MPSANDBOX_MICROPYTHON`) is never modified: each
//! patched file is written to `target/mpsandbox/patched/`, at the same path as in the tree,
//! and the port's Makefile finds it there first (`vpath`). A patch that no longer applies (a
//! different MicroPython) fails the build with the file's name.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::paths::Paths;
use crate::step::Step;
use crate::toolchain::write_if_changed;

/// Each patch: the file it changes (relative to the tree's root) and the unified diff.
const PATCHES: &[(&str, &str)] = &[(
    // The bytecode loop without setjmp in its own function (see the comment it adds).
    "py/vm.c",
    include_str!("../../guest-micropython/patches/vm.c.patch"),
)];

/// Writes the patched files for the tree at `micropython` and returns their folder.
pub fn apply(paths: &Paths, micropython: &Path) -> Result<PathBuf> {
    let step = Step::start("patches", "patching MicroPython's source");
    let out = paths.patched();
    let mut changed = 0;
    for (file, diff) in PATCHES {
        let source = micropython.join(file);
        let original = fs::read_to_string(&source)
            .with_context(|| format!("cannot read {}", source.display()))?;
        let patch = diffy::Patch::from_str(diff)
            .with_context(|| format!("the patch for {file} does not parse"))?;
        let patched = diffy::apply(&original, &patch).with_context(|| {
            format!(
                "the patch for {file} does not apply to {}",
                source.display()
            )
        })?;
        if write_if_changed(&out.join(file), patched.as_bytes())? {
            changed += 1;
        }
    }
    step.finish(&format!(
        "{} file(s) patched, {changed} changed",
        PATCHES.len()
    ));
    Ok(out)
}
