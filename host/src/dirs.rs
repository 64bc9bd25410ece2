//! Directory grants: host directories the guest may use, each at a guest path.
//!
//! A grant is a WASI preopen (wasmtime-wasi's [`preopened_dir`]); the guest mounts each one at
//! its guest path and sees nothing else. wasmtime-wasi enforces the rest: a read-only grant
//! refuses every write, create, remove and rename, and no path (`..`, absolute, or through
//! a symbolic link) leads outside the granted directory.
//!
//! [`preopened_dir`]: wasmtime_wasi::WasiCtxBuilder::preopened_dir

use std::fmt;
use std::os::fd::AsRawFd as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::filesystem::WasiFilesystemView as _;
use wasmtime_wasi::p2::bindings::sync::filesystem::types::{
    Descriptor, DescriptorFlags, DescriptorType, ErrorCode, Host as _, HostDescriptor as _,
    OpenFlags, PathFlags,
};

use crate::quota::{self, QuotaView};

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
    /// A read-write grant whose host directory contains a read-only grant's, which would make
    /// the read-only one writable through it.
    #[error(
        "the read-write grant of {} contains the read-only grant of {}: the read-only one would be writable through it",
        rw.display(), ro.display()
    )]
    VoidsReadOnly {
        /// The read-write grant's host directory.
        rw: PathBuf,
        /// The read-only grant's host directory.
        ro: PathBuf,
    },
    /// A grant that contains, or lies inside, a folder the guest must never reach: the
    /// compiled-code cache, whose files the host runs as native code.
    #[error(
        "cannot grant {}: it overlaps {} ({what}), which sandboxed code must never reach; grant a narrower directory{hint}",
        path.display(), protected.display()
    )]
    Protected {
        /// The grant's host directory.
        path: PathBuf,
        /// The protected folder.
        protected: PathBuf,
        /// What the protected folder is.
        what: &'static str,
        /// How to move it, if it can be moved.
        hint: &'static str,
    },
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

/// A folder of the host that no grant may contain or lie inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Protected {
    /// The folder.
    pub path: PathBuf,
    /// What it is, for the error message.
    pub what: &'static str,
    /// How to move it, for the error message (starting with `, `), or empty.
    pub hint: &'static str,
}

/// A grant whose host directory was opened once, when its settings were checked: every
/// session and restart made from them gets that very directory, even if its path has since
/// been renamed or replaced (#11 item 15: a lost session's restart reopened grants by path).
#[derive(Debug)]
pub(crate) struct OpenedGrant {
    /// The grant.
    pub grant: DirGrant,
    /// The open host directory.
    dir: std::fs::File,
}

/// Opens the host directory of each grant (checked by [`check`]).
pub(crate) fn open(grants: Vec<DirGrant>) -> Result<Vec<OpenedGrant>, GrantError> {
    grants
        .into_iter()
        .map(|grant| {
            let dir = std::fs::File::open(&grant.host)
                .and_then(|file| {
                    if file.metadata()?.is_dir() {
                        Ok(file)
                    } else {
                        Err(std::io::Error::other("not a directory"))
                    }
                })
                .map_err(|e| open_error(&grant.host, e))?;
            Ok(OpenedGrant { grant, dir })
        })
        .collect()
}

/// Adds `grants` to `wasi` as preopens, each the directory opened by [`open`] (reached
/// through `/proc/self/fd`, so no path is resolved again).
pub(crate) fn preopen(wasi: &mut WasiCtxBuilder, grants: &[OpenedGrant]) -> Result<(), GrantError> {
    if !grants.is_empty() {
        // Guest calls already run on a thread that may block: no hop to a blocking pool.
        wasi.allow_blocking_current_thread(true);
    }
    for opened in grants {
        let grant = &opened.grant;
        let perms = match grant.access {
            DirAccess::ReadOnly => FsPerms::ReadOnly,
            DirAccess::ReadWrite => FsPerms::ReadWrite,
        };
        let path = PathBuf::from(format!("/proc/self/fd/{}", opened.dir.as_raw_fd()));
        wasi.preopened_dir(&path, &grant.guest, perms)
            .map_err(|e| open_error(&grant.host, e))?;
    }
    Ok(())
}

/// Replaces `open-at` of `wasi:filesystem/types`: entries of a grant that are not regular
/// files, directories or links to them (FIFOs, sockets, devices) are refused with `EACCES`
/// before anything opens them. Opening a FIFO blocks until a writer comes, inside the host,
/// where neither the soft nor the hard stop reaches (#11 item 3). The check is on the entry as
/// it is when the call is made: only another host process, not the guest (WASI cannot make
/// special files), could swap an entry between the check and the open.
pub(crate) fn add_to_linker<T: QuotaView>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    type OpenAt = (
        Resource<Descriptor>,
        PathFlags,
        String,
        OpenFlags,
        DescriptorFlags,
    );
    linker.allow_shadowing(true);
    let mut types = linker.instance("wasi:filesystem/types@0.2.12")?;
    types.func_wrap(
        "[method]descriptor.open-at",
        |mut store: StoreContextMut<'_, T>, (fd, path_flags, path, oflags, flags): OpenAt| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let probe = Resource::<Descriptor>::new_borrow(fd.rep());
            let existing = fs.stat_at(probe, path_flags, path.clone()).ok();
            if let Some(stat) = &existing
                && !matches!(
                    stat.type_,
                    DescriptorType::RegularFile
                        | DescriptorType::Directory
                        | DescriptorType::SymbolicLink
                )
            {
                return Ok((Err(ErrorCode::Access),));
            }
            // A new name counts against the disk quota (quota.rs); a truncated file gives
            // its bytes back.
            let creates = existing.is_none() && oflags.contains(OpenFlags::CREATE);
            if creates && !quota::charge_created_file(&quota) {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.open_at(fd, path_flags, path, oflags, flags);
            match (&result, &existing) {
                (Err(_), _) if creates => quota::refund_file(&quota),
                (Ok(_), Some(stat)) if oflags.contains(OpenFlags::TRUNCATE) => {
                    quota::refund_bytes(&quota, stat.size)
                }
                _ => {}
            }
            Ok((match result {
                Ok(opened) => Ok(opened),
                Err(e) => Err(fs.convert_error_code(e)?),
            },))
        },
    )?;
    linker.allow_shadowing(false);
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

/// Checks `grants` once per session template: guest paths absolute, normalised (no `.`,
/// `..`, empty or trailing components), not `/` itself, and no two overlapping (MicroPython's
/// VFS mounts do not nest); host directories as [`check_host_paths`] says.
pub(crate) fn check(grants: &[DirGrant], protected: &[Protected]) -> Result<(), GrantError> {
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
    check_host_paths(grants, protected)
}

/// Host directories, compared as the file system resolves them (links followed): a read-write
/// grant may not contain (or be) a read-only one, and no grant may contain or lie inside a
/// protected folder. A directory that cannot be resolved fails later, when it is opened.
fn check_host_paths(grants: &[DirGrant], protected: &[Protected]) -> Result<(), GrantError> {
    let resolved: Vec<Option<PathBuf>> = grants
        .iter()
        .map(|g| std::fs::canonicalize(&g.host).ok())
        .collect();
    for (grant, path) in grants.iter().zip(&resolved) {
        let Some(path) = path else { continue };
        for folder in protected {
            let folder_path =
                std::fs::canonicalize(&folder.path).unwrap_or_else(|_| folder.path.clone());
            if folder_path.starts_with(path) || path.starts_with(&folder_path) {
                return Err(GrantError::Protected {
                    path: grant.host.clone(),
                    protected: folder.path.clone(),
                    what: folder.what,
                    hint: folder.hint,
                });
            }
        }
        if grant.access != DirAccess::ReadWrite {
            continue;
        }
        for (other, other_path) in grants.iter().zip(&resolved) {
            if other.access == DirAccess::ReadOnly
                && other_path.as_ref().is_some_and(|o| o.starts_with(path))
            {
                return Err(GrantError::VoidsReadOnly {
                    rw: grant.host.clone(),
                    ro: other.host.clone(),
                });
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

    #[test]
    fn host_paths_are_checked() {
        let root = std::env::temp_dir().join(format!("mpsandbox-dirs-{}", std::process::id()));
        let sub = root.join("s");
        std::fs::create_dir_all(sub.join("cache")).unwrap();
        let link = root.join("link");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&sub, &link).unwrap();
        let rw = |host: &Path, guest: &str| DirGrant::new(host, guest, DirAccess::ReadWrite);
        let ro = |host: &Path, guest: &str| DirGrant::new(host, guest, DirAccess::ReadOnly);
        let none: &[Protected] = &[];
        // A read-write grant containing (or equal to, through a link) a read-only one.
        for grants in [
            vec![rw(&root, "/a"), ro(&sub, "/b")],
            vec![ro(&sub, "/b"), rw(&root, "/a")],
            vec![rw(&link, "/a"), ro(&sub, "/b")],
        ] {
            assert!(
                matches!(
                    check_host_paths(&grants, none),
                    Err(GrantError::VoidsReadOnly { .. })
                ),
                "{grants:?}"
            );
        }
        // Read-only containing read-write, or two read-only grants, are fine.
        check_host_paths(&[ro(&root, "/a"), rw(&sub, "/b")], none).unwrap();
        check_host_paths(&[ro(&root, "/a"), ro(&sub, "/b")], none).unwrap();
        // No grant may contain or lie inside a protected folder, whatever its access.
        let cache = [Protected {
            path: sub.join("cache"),
            what: "the cache",
            hint: "",
        }];
        for grant in [
            ro(&root, "/a"),
            rw(&link, "/a"),
            ro(&sub.join("cache"), "/a"),
        ] {
            assert!(
                matches!(
                    check_host_paths(std::slice::from_ref(&grant), &cache),
                    Err(GrantError::Protected { .. })
                ),
                "{grant:?}"
            );
        }
        check_host_paths(
            &[rw(&root.join("s"), "/a")],
            &[Protected {
                path: root.join("other"),
                what: "x",
                hint: "",
            }],
        )
        .unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

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
            assert!(check(&[grant(bad)], &[]).is_err(), "{bad:?}");
        }
        check(&[grant("/a"), grant("/ab"), grant("/b/c")], &[]).unwrap();
        assert!(check(&[grant("/a"), grant("/a/b")], &[]).is_err());
        assert!(check(&[grant("/a/b"), grant("/a")], &[]).is_err());
        assert!(check(&[grant("/a"), grant("/a")], &[]).is_err());
    }
}
