//! Stamps: proof that a cache file was verified and has not been written since, so that a
//! process start need not hash the whole file again (about 0.6 ms for 2 MB).
//!
//! After a process has checked a file's keyed hash, it writes `<file>.stamp`: the file's
//! identity (device, inode, size, modification and change times) with a keyed hash of it. A
//! later process whose file has the same identity and whose stamp's hash is right skips the
//! content hash. Any write to the file, a rename over it or a new file in its place changes
//! its change time (ctime), which no system call lets a process set: the kernel sets it to the
//! current time. A stamp is written only for a file whose ctime is at least [`MIN_AGE`] in
//! the past when its hash was checked, so a later write cannot fall within the same tick of
//! the filesystem's clock and leave the ctime as it was. Without the key, no stamp can be
//! forged; a stamp that does not match is ignored (the file is hashed as before).

use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old a file's change time must be for its stamp to be written: far above any
/// filesystem's timestamp granularity (1 s at worst, a clock tick of a few ms on most).
pub(super) const MIN_AGE: Duration = Duration::from_secs(2);

/// What a stamp file starts with: its format.
const MAGIC: &[u8; 8] = b"mpsbx-s1";

/// The fields of a file's identity, as stored.
const FIELDS: usize = 7;

/// The size of a stamp file: magic, identity, keyed hash.
const LEN: usize = MAGIC.len() + FIELDS * 8 + 32;

/// What identifies one version of a file: any write changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Identity([u64; FIELDS]);

impl Identity {
    /// The identity of the file `meta` describes.
    pub(super) fn of(meta: &std::fs::Metadata) -> Identity {
        // Nanoseconds are 0..1e9 and seconds are non-negative on any file this library wrote;
        // the casts keep a negative time distinct anyway.
        Identity([
            meta.dev(),
            meta.ino(),
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
        ])
    }

    /// Whether the file's change time is at least [`MIN_AGE`] before `now`.
    pub(super) fn settled(&self, now: SystemTime) -> bool {
        let changed = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(self.0[5], self.0[6].min(999_999_999) as u32));
        changed.is_some_and(|changed| now.duration_since(changed).is_ok_and(|age| age >= MIN_AGE))
    }

    fn bytes(&self) -> [u8; FIELDS * 8] {
        let mut out = [0u8; FIELDS * 8];
        for (chunk, field) in out.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&field.to_le_bytes());
        }
        out
    }
}

/// The stamp file of the cache file `path`.
pub(super) fn path_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".stamp");
    PathBuf::from(name)
}

fn mac(key: &[u8; 32], identity: &Identity) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new_keyed(key);
    hasher.update(MAGIC).update(&identity.bytes());
    hasher.finalize()
}

/// Whether `path` has a stamp, made with `key`, for a file of exactly this `identity`.
pub(super) fn matches(key: &[u8; 32], path: &Path, identity: &Identity) -> bool {
    let mut bytes = [0u8; LEN + 1];
    let Ok(read) = super::open_trusted_file(&path_of(path)).and_then(|mut f| f.read(&mut bytes))
    else {
        return false;
    };
    let Some(rest) = bytes[..read].strip_prefix(MAGIC.as_slice()) else {
        return false;
    };
    let Some((stored, mac_bytes)) = rest.split_at_checked(FIELDS * 8) else {
        return false;
    };
    // `blake3::Hash` compares in constant time.
    stored == identity.bytes()
        && blake3::Hash::from_slice(mac_bytes).is_ok_and(|stored| stored == mac(key, identity))
}

/// Writes the stamp of `path` for `identity` (atomically; best effort: a process that
/// cannot just hashes the file again next time).
pub(super) fn write(key: &[u8; 32], path: &Path, identity: &Identity) {
    let mac = mac(key, identity);
    let _ = super::write_atomically(
        &path_of(path),
        &[MAGIC, &identity.bytes(), mac.as_bytes()],
        false,
    );
}
