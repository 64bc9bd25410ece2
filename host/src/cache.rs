//! The on-disk cache of compiled components.
//!
//! Compiling the component takes a few hundred milliseconds; loading its compiled form takes a
//! fraction of one. Compiled code is stored as `<key>.cwasm` in the cache folder, where the key
//! is the SHA-256 of the component's bytes, wasmtime's version and the engine's compilation
//! settings ([`wasmtime::Engine::precompile_compatibility_hash`]): a file is only ever read by
//! an engine that could have written it. Files are written atomically (a temporary file, then
//! a rename), and any problem with the cache falls back to compiling.
//!
//! Loading compiled code runs it natively: the cache folder must be writable only by those
//! trusted to run code as this process (as for wasmtime's own cache).

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;

/// The wasmtime version the workspace pins (`=48.0.8`), part of every cache key.
const WASMTIME_VERSION: &str = "48.0.8";

/// The environment variable naming the cache folder.
pub const CACHE_DIR_ENV: &str = "MPSANDBOX_CACHE_DIR";

/// What happened with the compilation cache when an engine loaded its component.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheStatus {
    /// The compiled component was loaded from this file.
    Hit(PathBuf),
    /// The component was compiled and stored in this file.
    Stored(PathBuf),
    /// The component was compiled; caching was turned off or no cache folder is known.
    Disabled,
    /// The component was compiled, but storing it failed: the message says why.
    Failed(String),
}

/// Where an engine caches compiled code.
#[derive(Clone, Debug, Default)]
pub(crate) enum CacheSetting {
    /// `$MPSANDBOX_CACHE_DIR`, else the user's cache folder + `mpsandbox`.
    #[default]
    Default,
    /// This folder.
    Dir(PathBuf),
    /// No cache.
    Disabled,
}

impl CacheSetting {
    pub(crate) fn dir(&self) -> Option<PathBuf> {
        match self {
            CacheSetting::Default => std::env::var_os(CACHE_DIR_ENV)
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
                .or_else(|| dirs::cache_dir().map(|dir| dir.join("mpsandbox"))),
            CacheSetting::Dir(dir) => Some(dir.clone()),
            CacheSetting::Disabled => None,
        }
    }
}

/// The hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// A `Hasher` that feeds a SHA-256 (stable across runs, unlike `DefaultHasher`'s keys).
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        // Only `write` is used; the digest is read with `finalize`.
        0
    }
}

/// The cache file name for a component with SHA-256 `component_sha256` under `engine`.
pub(crate) fn file_name(engine: &wasmtime::Engine, component_sha256: &str) -> String {
    let mut hasher = ShaHasher(Sha256::new());
    hasher.write(b"mpsandbox-cache-v1\0");
    hasher.write(component_sha256.as_bytes());
    hasher.write(b"\0");
    hasher.write(WASMTIME_VERSION.as_bytes());
    hasher.write(b"\0");
    engine.precompile_compatibility_hash().hash(&mut hasher);
    format!("{}.cwasm", hex(&hasher.0.finalize()))
}

/// Loads `path` when it holds code compiled by a compatible engine.
pub(crate) fn load(engine: &wasmtime::Engine, path: &Path) -> Option<Component> {
    if !path.is_file() {
        return None;
    }
    // SAFETY: the file is in the cache folder, which only this library writes (atomically,
    // with the output of `Component::serialize`) and which must not be writable by anyone
    // less trusted than this process (see the module's documentation). wasmtime checks that
    // the file is compiled code for a compatible engine, and refuses it otherwise.
    unsafe { Component::deserialize_file(engine, path) }.ok()
}

/// Stores `compiled` as `path`, atomically.
pub(crate) fn store(path: &Path, compiled: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        ".{}.{}.{nanos}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("component"),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(compiled)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    prune(dir);
    Ok(())
}

/// How many compiled components a cache folder keeps (the most recently written).
const KEEP: usize = 8;

/// Removes all but the [`KEEP`] most recently written `.cwasm` files of `dir`, and temporary
/// files that a writer left behind over an hour ago. Best effort: errors are ignored.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut compiled = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
            continue;
        };
        if name.starts_with('.') && name.ends_with(".tmp") {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() > 3600)
            {
                let _ = std::fs::remove_file(&path);
            }
        } else if name.ends_with(".cwasm") {
            compiled.push((modified, path));
        }
    }
    compiled.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, path) in compiled.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_the_newest_files() {
        let dir = std::env::temp_dir().join(format!("mpsandbox-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for i in 0..10 {
            let path = dir.join(format!("old{i}.cwasm"));
            std::fs::write(&path, b"x").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let stale = dir.join(".a.cwasm.1.2.tmp");
        std::fs::write(&stale, b"x").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let fresh_tmp = dir.join(".b.cwasm.1.2.tmp");
        std::fs::write(&fresh_tmp, b"x").unwrap();
        store(&dir.join("new.cwasm"), b"compiled").unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), KEEP + 1, "{names:?}");
        assert!(names.contains(&"new.cwasm".to_owned()));
        assert!(
            names.contains(&".b.cwasm.1.2.tmp".to_owned()),
            "a recent temporary file may be in use"
        );
        assert!(!names.contains(&".a.cwasm.1.2.tmp".to_owned()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
