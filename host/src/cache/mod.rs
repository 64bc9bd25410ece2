//! The on-disk cache of compiled components.
//!
//! Compiling the component takes a few hundred milliseconds; loading its compiled form takes a
//! fraction of one. Compiled code is stored as `<key>.cwasm` in the cache folder, where the key
//! is the SHA-256 of the component's bytes, wasmtime's version and the engine's compilation
//! settings ([`wasmtime::Engine::precompile_compatibility_hash`]): a file is only ever read by
//! an engine that could have written it. Files are written atomically (a temporary file, then
//! a rename), and any problem with the cache falls back to compiling. A file is the serialized
//! component followed by its keyed hash: wasmtime maps it as its code memory, without copying
//! (a process's start touches only the pages it uses).
//!
//! Loading compiled code runs it natively, so nothing else may be able to change it:
//! - the folder (made `0700`) and its files must belong to this user and be writable by no one
//!   else, or the cache is not used;
//! - every file carries a keyed BLAKE3 hash of its contents, checked before it is loaded; the
//!   key (`.key`, 32 random bytes, `0600`) is made with the folder. Once a file has passed
//!   that check, a keyed stamp of its identity (`<key>.cwasm.stamp`: inode, size, times)
//!   stands for it until the file is written again, so later starts skip hashing 2 MB
//!   ([`stamp`]);
//! - no directory grant may contain or lie inside the cache folder (`dirs::Protected`), so
//!   sandboxed code can neither read the key nor write a file there.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;

mod stamp;

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
    hasher.write(b"mpsandbox-cache-v2\0");
    hasher.write(component_sha256.as_bytes());
    hasher.write(b"\0");
    hasher.write(WASMTIME_VERSION.as_bytes());
    hasher.write(b"\0");
    engine.precompile_compatibility_hash().hash(&mut hasher);
    format!("{}.cwasm", hex(&hasher.0.finalize()))
}

/// What ends every cache file, after the 32-byte keyed BLAKE3 of all before it: the format.
/// The serialized component comes first, so that wasmtime maps the file itself as its code
/// (the trailer after it is no part of the ELF image) instead of copying it.
const MAGIC: &[u8; 8] = b"mpsbx-c2";

/// The cache folder's secret key (32 random bytes, readable by the owner only).
const KEY_FILE: &str = ".key";

/// Loads `path` when it holds code compiled by a compatible engine, written by this library:
/// the folder and file must belong to this user and be writable by nobody else, and the
/// file's keyed hash must match (a guest that could write the file could not forge it without
/// the key, which no grant can reach: see `dirs::Protected`), or its stamp must show that it
/// has not been written since a process checked that hash (see [`stamp`]).
pub(crate) fn load(engine: &wasmtime::Engine, path: &Path) -> Option<Component> {
    load_at(engine, path, std::time::SystemTime::now()).map(|(component, _)| component)
}

/// How a loaded file was found to be the one this library wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Checked {
    /// Its contents were hashed.
    Hashed,
    /// Its stamp matched.
    Stamped,
}

/// [`load`], with `now` the time that decides whether a hashed file gets a stamp.
fn load_at(
    engine: &wasmtime::Engine,
    path: &Path,
    now: std::time::SystemTime,
) -> Option<(Component, Checked)> {
    let dir = path.parent()?;
    trusted(dir, true).ok()?;
    let key = read_key(dir).ok()?;
    let file = open_trusted_file(path).ok()?;
    let identity = stamp::Identity::of(&file.metadata().ok()?);
    let checked = if stamp::matches(&key, path, &identity) {
        Checked::Stamped
    } else {
        // The file's pages from the page cache, not a copy: a process start reads 2 MB here.
        verify(&key, Mapped::new(&file).ok()?.bytes())?;
        if identity.settled(now) {
            stamp::write(&key, path, &identity);
        }
        Checked::Hashed
    };
    // SAFETY: the file holds what this library wrote with the output of
    // `Component::serialize` (the keyed hash or the stamp proves it), in a folder only this
    // user can write; wasmtime also checks that it is compiled code for a compatible engine.
    // It is mapped again through the descriptor checked above (not the path, which could name
    // another file by now).
    let component = unsafe { Component::deserialize_file(engine, descriptor_path(&file, path)) };
    Some((component.ok()?, checked))
}

/// The payload of a cache file whose keyed hash is right.
fn verify<'a>(key: &[u8; 32], bytes: &'a [u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_suffix(MAGIC.as_slice())?;
    let (payload, mac) = rest.split_at_checked(rest.len().checked_sub(32)?)?;
    let expected = blake3::keyed_hash(key, payload);
    // `blake3::Hash` compares in constant time.
    (expected == blake3::Hash::from_slice(mac).ok()?).then_some(payload)
}

/// A path that opens `file` itself: its descriptor under `/proc/self/fd` where that exists
/// (Linux), else `path`.
fn descriptor_path(file: &std::fs::File, path: &Path) -> PathBuf {
    use std::os::fd::AsRawFd as _;
    let by_descriptor = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
    if by_descriptor.exists() {
        by_descriptor
    } else {
        path.to_owned()
    }
}

/// A file mapped read-only, whole (unmapped on drop).
struct Mapped {
    address: std::ptr::NonNull<libc::c_void>,
    len: usize,
}

impl Mapped {
    fn new(file: &std::fs::File) -> std::io::Result<Mapped> {
        use std::os::fd::AsRawFd as _;
        let len = usize::try_from(file.metadata()?.len())
            .ok()
            .filter(|&len| len > 0)
            .ok_or_else(|| std::io::Error::other("empty or too large"))?;
        #[cfg(target_os = "linux")]
        let populate = libc::MAP_POPULATE;
        #[cfg(not(target_os = "linux"))]
        let populate = 0;
        // SAFETY: a new private read-only mapping of an open file; nothing else is touched.
        let address = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | populate,
                file.as_raw_fd(),
                0,
            )
        };
        if address == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        let address = std::ptr::NonNull::new(address)
            .ok_or_else(|| std::io::Error::other("mmap returned null"))?;
        Ok(Mapped { address, len })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes are mapped readable at `address` until drop. The file belongs
        // to this user and nobody else can write it (checked when opened); this user
        // truncating it meanwhile is outside what the cache defends against.
        unsafe { std::slice::from_raw_parts(self.address.as_ptr().cast::<u8>(), self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, unmapped once; no reference to it outlives self.
        unsafe { libc::munmap(self.address.as_ptr(), self.len) };
    }
}

/// Stores `compiled` as `path`, atomically, with its keyed hash. Creates the folder
/// (readable and writable by this user only) and its key if needed; refuses a folder that
/// another user owns or can write.
pub(crate) fn store(path: &Path, compiled: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    trusted(dir, true)?;
    let key = read_key(dir).or_else(|_| create_key(dir))?;
    let mac = blake3::keyed_hash(&key, compiled);
    write_atomically(path, &[compiled, mac.as_bytes(), MAGIC], true)?;
    prune(dir);
    Ok(())
}

/// Writes `parts` as the file `path` (readable and writable by this user only): into a
/// temporary file renamed over `path`, so that readers see the whole file or none;
/// `sync` flushes it to disk first. The temporary file is removed if anything fails.
fn write_atomically(path: &Path, parts: &[&[u8]], sync: bool) -> std::io::Result<()> {
    let tmp = temporary_path(path);
    let result = (|| {
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        for part in parts {
            file.write_all(part)?;
        }
        if sync {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new name in the folder of `path` for a file that will be renamed to `path`: hidden, and
/// ending in `.tmp` (so [`prune`] removes it if its writer dies first).
fn temporary_path(path: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("component");
    path.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

/// Whether `path` (followed through links) belongs to this user and nobody else can write
/// it; with `dir`, it must be a directory, else a regular file.
fn trusted(path: &Path, dir: bool) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    // SAFETY: geteuid(2) has no preconditions and touches no memory.
    let me = unsafe { libc::geteuid() };
    let untrusted = |why: &str| {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is not trusted: {why}", path.display()),
        ))
    };
    if meta.uid() != me {
        return untrusted("another user owns it");
    }
    if meta.mode() & 0o022 != 0 {
        return untrusted("other users can write it");
    }
    if dir != meta.is_dir() || (!dir && !meta.is_file()) {
        return untrusted("not the kind of file expected");
    }
    Ok(())
}

/// Reads a file that must pass [`trusted`], checked on the opened file itself (no swap
/// between the check and the read).
fn read_trusted_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = open_trusted_file(path)?;
    let mut bytes = Vec::with_capacity(file.metadata()?.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens a file that must pass [`trusted`], checked on the opened file itself.
fn open_trusted_file(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    // SAFETY: as in `trusted`.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me || meta.mode() & 0o022 != 0 || !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is not trusted", path.display()),
        ));
    }
    Ok(file)
}

fn read_key(dir: &Path) -> std::io::Result<[u8; 32]> {
    let path = dir.join(KEY_FILE);
    let bytes = read_trusted_file(&path)?;
    let meta = std::fs::metadata(&path)?;
    if meta.mode() & 0o077 != 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is readable by other users", path.display()),
        ));
    }
    bytes.try_into().map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the cache key is not 32 bytes",
        )
    })
}

fn create_key(dir: &Path) -> std::io::Result<[u8; 32]> {
    let mut key = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut key)?;
    let path = dir.join(KEY_FILE);
    match std::fs::File::options()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
    {
        Ok(mut file) => {
            file.write_all(&key)?;
            file.sync_all()?;
            Ok(key)
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key(dir),
        Err(e) => Err(e),
    }
}

/// How many compiled components a cache folder keeps (the most recently written).
const KEEP: usize = 8;

/// Removes all but the [`KEEP`] most recently written `.cwasm` files of `dir` (with their
/// stamps), and temporary
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
        let _ = std::fs::remove_file(stamp::path_of(&path));
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder `mpsandbox-NAME-PID` under the temporary folder, the compiled binary of
    /// an empty component (the preamble alone) and its path there, stored.
    fn stored_in_fresh_folder(name: &str) -> (PathBuf, wasmtime::Engine, Vec<u8>, PathBuf) {
        let dir = std::env::temp_dir().join(format!("mpsandbox-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let engine = wasmtime::Engine::default();
        let compiled = Component::new(&engine, b"\0asm\x0d\0\x01\0")
            .unwrap()
            .serialize()
            .unwrap();
        let path = dir.join("c.cwasm");
        store(&path, &compiled).unwrap();
        (dir, engine, compiled, path)
    }

    #[test]
    fn only_files_this_library_wrote_in_a_private_folder_are_loaded() {
        use std::os::unix::fs::PermissionsExt as _;
        let (dir, engine, compiled, path) = stored_in_fresh_folder("trust");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join(KEY_FILE)), 0o600);
        assert!(load(&engine, &path).is_some());

        let good = std::fs::read(&path).unwrap();
        let reject = |bytes: &[u8], why: &str| {
            std::fs::write(&path, bytes).unwrap();
            assert!(load(&engine, &path).is_none(), "{why}");
        };
        // One changed byte of code (what a guest writing the file would do).
        let mut tampered = good.clone();
        tampered[compiled.len() / 2] ^= 1;
        reject(&tampered, "tampered code");
        // A hash made without the key, and a plain serialized component.
        let mut forged = compiled.clone();
        forged.extend_from_slice(blake3::hash(&compiled).as_bytes());
        forged.extend_from_slice(MAGIC);
        reject(&forged, "unkeyed hash");
        reject(&compiled, "no trailer");
        reject(b"", "empty");
        std::fs::write(&path, &good).unwrap();
        assert!(load(&engine, &path).is_some());

        // Folders and files others can write, or a key others can read, are not trusted.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(load(&engine, &path).is_none(), "world-writable file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(load(&engine, &path).is_none(), "world-writable folder");
        assert!(store(&path, &compiled).is_err(), "no storing there either");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let key = dir.join(KEY_FILE);
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(load(&engine, &path).is_none(), "readable key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load(&engine, &path).is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_stamp_stands_for_the_hash_until_the_file_is_written() {
        use std::time::{Duration, SystemTime};
        let (dir, engine, compiled, path) = stored_in_fresh_folder("stamp");
        let checked = |now| load_at(&engine, &path, now).map(|(_, checked)| checked);
        let stamp_file = stamp::path_of(&path);

        // A file written moments ago is hashed and not stamped: a write within the same tick
        // of the filesystem's clock could leave its change time as it is.
        assert_eq!(checked(SystemTime::now()), Some(Checked::Hashed));
        assert!(!stamp_file.exists());
        // Once settled, it is hashed once more and stamped; then the stamp serves.
        let later = SystemTime::now() + 2 * stamp::MIN_AGE;
        assert_eq!(checked(later), Some(Checked::Hashed));
        assert!(stamp_file.exists());
        assert_eq!(checked(later), Some(Checked::Stamped));

        // One changed byte, written in place (same file, same size) after the stamp: the
        // stamp no longer matches, the hash is checked and fails.
        std::thread::sleep(Duration::from_millis(50));
        let good = std::fs::read(&path).unwrap();
        let mut tampered = good.clone();
        tampered[compiled.len() / 2] ^= 1;
        let write_in_place = |bytes: &[u8]| {
            let mut file = std::fs::File::options().write(true).open(&path).unwrap();
            file.write_all(bytes).unwrap();
        };
        write_in_place(&tampered);
        assert_eq!(checked(later), None, "tampered code after the stamp");
        // A stamp for the tampered file made without the key does not pass either.
        let identity = stamp::Identity::of(&std::fs::metadata(&path).unwrap());
        stamp::write(&[7; 32], &path, &identity);
        assert_eq!(checked(later), None, "a stamp made with another key");
        // The good bytes again: hashed, then stamped anew.
        write_in_place(&good);
        assert_eq!(checked(later), Some(Checked::Hashed));
        assert_eq!(checked(later), Some(Checked::Stamped));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_cache_keeps_the_newest_files() {
        let dir = std::env::temp_dir().join(format!("mpsandbox-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let write_old = |path: &Path| {
            std::fs::write(path, b"x").unwrap();
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        for i in 0..10 {
            write_old(&dir.join(format!("old{i}.cwasm")));
        }
        let stale = dir.join(".a.cwasm.1.2.tmp");
        write_old(&stale);
        let fresh_tmp = dir.join(".b.cwasm.1.2.tmp");
        std::fs::write(&fresh_tmp, b"x").unwrap();
        store(&dir.join("new.cwasm"), b"compiled").unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), KEEP + 2, "{names:?}");
        assert!(names.contains(&KEY_FILE.to_owned()), "the key stays");
        assert!(names.contains(&"new.cwasm".to_owned()));
        assert!(
            names.contains(&".b.cwasm.1.2.tmp".to_owned()),
            "a recent temporary file may be in use"
        );
        assert!(!names.contains(&".a.cwasm.1.2.tmp".to_owned()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
