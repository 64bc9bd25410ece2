//! Our patches to MicroPython's source: `guest-micropython/patches/*.patch`, applied in name
//! order to the freshly extracted tree. Each is a unified diff of one file, with paths
//! relative to the tree's root (`a/extmod/vfs_posix.c`), as `diff -u` or `git diff` write it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The patch files in `dir`, in the order they apply.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut patches = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "patch") {
                patches.push(path);
            }
        }
    }
    patches.sort();
    Ok(patches)
}

/// A digest of the patches' names and contents: the extracted tree is redone when it changes.
pub fn digest(patches: &[PathBuf]) -> Result<String> {
    let mut hasher = Sha256::new();
    for patch in patches {
        hasher.update(patch.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(fs::read(patch).with_context(|| format!("cannot read {}", patch.display()))?);
    }
    Ok(crate::micropython::hex(&hasher.finalize()))
}

/// Applies each patch to the file it names under `tree`.
pub fn apply(tree: &Path, patches: &[PathBuf]) -> Result<()> {
    for patch_file in patches {
        let text = fs::read_to_string(patch_file)
            .with_context(|| format!("cannot read {}", patch_file.display()))?;
        let patch = diffy::Patch::from_str(&text)
            .with_context(|| format!("{} is not a unified diff", patch_file.display()))?;
        let Some(name) = patch.original().or(patch.modified()) else {
            bail!("{} names no file", patch_file.display());
        };
        let target = tree.join(name.strip_prefix("a/").unwrap_or(name));
        let original = fs::read_to_string(&target).with_context(|| {
            format!("{}: cannot read {}", patch_file.display(), target.display())
        })?;
        let patched = diffy::apply(&original, &patch).with_context(|| {
            format!(
                "{} does not apply to {}",
                patch_file.display(),
                target.display()
            )
        })?;
        fs::write(&target, patched)?;
    }
    Ok(())
}
