//! Snapshot files: `--load` and `--save`, and the REPL's `:load` and `:save`.

use std::path::Path;

use anyhow::{Context, Result};
use mpsandbox::{Session, Snapshot};

/// The most bytes a snapshot file may have: 4 GiB, a guest's whole address space (the file is
/// compressed, so a real one is far smaller).
const MAX_FILE_BYTES: u64 = 4 << 30;

/// Reads and checks the snapshot in `path`.
pub fn load(path: &Path) -> Result<Snapshot> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the snapshot {}", path.display()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .with_context(|| format!("cannot read the snapshot {}", path.display()))?;
    Snapshot::from_bytes(&bytes).with_context(|| format!("{}", path.display()))
}

/// Writes a snapshot of `session` to `path`, replacing it at once (a crash midway leaves the
/// old file).
pub fn save(session: &mut Session, path: &Path) -> Result<()> {
    let snapshot = session.snapshot()?;
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, snapshot.to_bytes())
        .and_then(|()| std::fs::rename(&partial, path))
        .with_context(|| format!("cannot write the snapshot {}", path.display()))
}
