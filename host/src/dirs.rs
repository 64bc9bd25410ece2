//! Directory grants: host directories the guest may use, each at a guest path.
//!
//! A grant is a WASI preopen (wasmtime-wasi's [`preopened_dir`]); the guest mounts each one at
//! its guest path and sees nothing else. wasmtime-wasi enforces the rest: a read-only grant
//! refuses every write, create, remove and rename, and no path (`..`, absolute, or through
//! a symbolic link) leads outside the granted directory.
//!
//! [`preopened_dir`]: wasmtime_wasi::WasiCtxBuilder::preopened_dir

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

/// The guest path of a grant that names none (the CLI's `--dir HOST`).
pub const DEFAULT_GUEST_DIR: &str = "/data";

/// What the guest may do in a granted directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DirAccess {
    /// Read files and list directories; every change fails with `OSError`.
    #[default]
    ReadOnly,
    /// Also create, write, rename and remove files and directories.
    ReadWrite,
}

impl fmt::Display for DirAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DirAccess::ReadOnly => "ro",
            DirAccess::ReadWrite => "rw",
        })
    }
}

/// A host directory granted to the guest at a guest path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirGrant {
    /// The directory on the host.
    pub host: PathBuf,
    /// Where the guest sees it: an absolute path such as `/data`.
    pub guest: String,
    /// What the guest may do there.
    pub access: DirAccess,
}

/// A directory grant that cannot be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GrantError {
    /// A `HOST[:GUEST][:ro|:rw]` text that does not parse.
    #[error("invalid directory grant `{spec}`: {reason}")]
    Spec {
        /// The text.
        spec: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A guest path that is not a plain absolute path.
    #[error(
        "invalid guest path `{path}`: {reason} (expected an absolute path such as /data, without `.` or `..`)"
    )]
    GuestPath {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two grants at the same guest path, or one inside the other.
    #[error("the guest paths `{0}` and `{1}` overlap: grant each directory at its own path")]
    Overlap(String, String),
    /// The host directory cannot be opened.
    #[error("cannot grant {}: {message}", path.display())]
    Open {
        /// The host directory.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl DirGrant {
    /// A grant of `host` at `guest` with `access`; the paths are checked when the session
    /// template is made ([`SessionBuilder::template`](crate::SessionBuilder::template), or
    /// [`SessionBuilder::build`](crate::SessionBuilder::build)).
    pub fn new(host: impl Into<PathBuf>, guest: impl Into<String>, access: DirAccess) -> DirGrant {
        DirGrant {
            host: host.into(),
            guest: guest.into(),
            access,
        }
    }
}

impl FromStr for DirGrant {
    type Err = GrantError;

    /// Parses `HOST[:GUEST][:ro|:rw]`, as the CLI's `--dir` takes it: read-only unless `:rw`,
    /// at [`DEFAULT_GUEST_DIR`] unless a guest path (starting with `/`) follows the host path.
    fn from_str(spec: &str) -> Result<DirGrant, GrantError> {
        let invalid = |reason| GrantError::Spec {
            spec: spec.to_owned(),
            reason,
        };
        let (rest, access) = match spec.rsplit_once(':') {
            Some((rest, "ro")) => (rest, DirAccess::ReadOnly),
            Some((rest, "rw")) => (rest, DirAccess::ReadWrite),
            _ => (spec, DirAccess::ReadOnly),
        };
        let (host, guest) = match rest.rsplit_once(':') {
            Some((host, guest)) if guest.starts_with('/') => (host, guest),
            Some(_) => {
                return Err(invalid(
                    "the part after `:` must be a guest path, `ro` or `rw`",
                ));
            }
            None => (rest, DEFAULT_GUEST_DIR),
        };
        if host.is_empty() {
            return Err(invalid("the host directory is missing"));
        }
        Ok(DirGrant::new(host, guest, access))
    }
}

/// Adds `grants` (checked by [`check`]) to `wasi` as preopens: opens each host directory.
pub(crate) fn preopen(wasi: &mut WasiCtxBuilder, grants: &[DirGrant]) -> Result<(), GrantError> {
    if !grants.is_empty() {
        // Guest calls already run on a thread that may block: no hop to a blocking pool.
        wasi.allow_blocking_current_thread(true);
    }
    for grant in grants {
        let perms = match grant.access {
            DirAccess::ReadOnly => FsPerms::ReadOnly,
            DirAccess::ReadWrite => FsPerms::ReadWrite,
        };
        wasi.preopened_dir(&grant.host, &grant.guest, perms)
            .map_err(|e| open_error(&grant.host, e))?;
    }
    Ok(())
}

fn open_error(path: &Path, error: impl fmt::Display) -> GrantError {
    GrantError::Open {
        path: path.to_owned(),
        message: match std::fs::metadata(path) {
            Ok(meta) if !meta.is_dir() => "not a directory".to_owned(),
            _ => format!("{error:#}"),
        },
    }
}

/// Checks the guest paths of `grants`, once per session template: absolute, normalised (no
/// `.`, `..`, empty or trailing components), not `/` itself, and no two overlapping
/// (MicroPython's VFS mounts do not nest).
pub(crate) fn check(grants: &[DirGrant]) -> Result<(), GrantError> {
    for (i, grant) in grants.iter().enumerate() {
        check_guest_path(&grant.guest)?;
        for other in &grants[..i] {
            if nested(&grant.guest, &other.guest) || nested(&other.guest, &grant.guest) {
                return Err(GrantError::Overlap(
                    other.guest.clone(),
                    grant.guest.clone(),
                ));
            }
        }
    }
    Ok(())
}

fn check_guest_path(path: &str) -> Result<(), GrantError> {
    let invalid = |reason| GrantError::GuestPath {
        path: path.to_owned(),
        reason,
    };
    let Some(relative) = path.strip_prefix('/') else {
        return Err(invalid("not absolute"));
    };
    if relative.is_empty() {
        return Err(invalid("the root cannot be granted"));
    }
    if path.len() >= GUEST_PATH_MAX {
        return Err(invalid("too long"));
    }
    for component in relative.split('/') {
        match component {
            "" => return Err(invalid("empty component")),
            "." | ".." => return Err(invalid("`.` or `..` component")),
            c if c.contains('\0') => return Err(invalid("NUL character")),
            _ => {}
        }
    }
    Ok(())
}

/// The guest's bound on a path (MicroPython's `MICROPY_ALLOC_PATH_MAX`).
const GUEST_PATH_MAX: usize = 256;

/// Whether `inner` is `outer` or lies below it.
fn nested(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(spec: &str) -> (String, String, DirAccess) {
        let grant: DirGrant = spec.parse().unwrap();
        (grant.host.display().to_string(), grant.guest, grant.access)
    }

    #[test]
    fn specs_parse() {
        use DirAccess::*;
        let own = |h: &str, g: &str, a| (h.to_owned(), g.to_owned(), a);
        assert_eq!(parse("./in"), own("./in", "/data", ReadOnly));
        assert_eq!(parse("./in:rw"), own("./in", "/data", ReadWrite));
        assert_eq!(parse("./in:/input"), own("./in", "/input", ReadOnly));
        assert_eq!(parse("/srv/x:/out:rw"), own("/srv/x", "/out", ReadWrite));
        assert_eq!(parse("/srv/x:/out:ro"), own("/srv/x", "/out", ReadOnly));
        assert!("".parse::<DirGrant>().is_err());
        assert!(":/data".parse::<DirGrant>().is_err());
        assert!("./in:data".parse::<DirGrant>().is_err());
        assert!("./in:/data:rx".parse::<DirGrant>().is_err());
    }

    #[test]
    fn guest_paths_are_checked() {
        let grant = |g: &str| DirGrant::new(".", g, DirAccess::ReadOnly);
        for bad in ["data", "/", "/a/../b", "/a/./b", "/a//b", "/a/", "/a\0"] {
            assert!(check(&[grant(bad)]).is_err(), "{bad:?}");
        }
        check(&[grant("/a"), grant("/ab"), grant("/b/c")]).unwrap();
        assert!(check(&[grant("/a"), grant("/a/b")]).is_err());
        assert!(check(&[grant("/a/b"), grant("/a")]).is_err());
        assert!(check(&[grant("/a"), grant("/a")]).is_err());
    }
}
