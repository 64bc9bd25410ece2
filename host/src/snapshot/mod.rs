//! Snapshots: a session's state, taken between calls, to start sessions from.
//!
//! The guest hands its state over as stretches of its linear memory (the WIT interface
//! `snapshot`, guest-micropython/snapshot.c); this module keeps them, checks that they go back
//! into an instance of the same component, and writes and reads their byte form
//! ([`format`]).

mod format;

use std::sync::Arc;

use crate::bindings::exports::mpsandbox::sandbox::snapshot::{Image, Region};

pub use format::FORMAT_VERSION;

/// A session's state, taken between calls by [`Session::snapshot`](crate::Session::snapshot):
/// everything Python can observe (globals, functions, classes, imported modules, live objects,
/// suspended generators, the `random` state, the working directory).
///
/// Start sessions from it with [`SessionTemplate::restore`](crate::SessionTemplate::restore)
/// (or [`Session::fork`](crate::Session::fork), [`Session::restore`](crate::Session::restore)).
/// Capabilities are not part of it: the grants, HTTP allow-list, host functions and limits
/// of the restored session are those of the template that restores it, so a snapshot grants
/// nothing. Cloning is cheap (a reference count).
///
/// [`to_bytes`](Self::to_bytes) and [`from_bytes`](Self::from_bytes) carry it across processes
/// and machines: a versioned header, the component's identity (a snapshot restores only into
/// the component that took it), a checksum, and LZ4 compression.
#[derive(Clone)]
pub struct Snapshot {
    inner: Arc<Inner>,
}

struct Inner {
    /// The hex SHA-256 of the component that took it.
    component: String,
    image: Image,
    /// The settings of the template whose session took it: restoring with the same ones
    /// needs no rebinding of capabilities.
    origin: Option<u64>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("component", &self.inner.component)
            .field("memory", &self.inner.image.memory)
            .field("regions", &self.inner.image.regions.len())
            .field("state_bytes", &self.state_bytes())
            .finish()
    }
}

impl Snapshot {
    pub(crate) fn new(component: String, image: Image, origin: u64) -> Snapshot {
        Snapshot {
            inner: Arc::new(Inner {
                component,
                image,
                origin: Some(origin),
            }),
        }
    }

    /// The hex SHA-256 of the component that took it ([`Engine::component_id`](crate::Engine::component_id)).
    pub fn component_id(&self) -> &str {
        &self.inner.component
    }

    /// The size of linear memory the state needs, in bytes: a restored session starts with
    /// that much, which its memory limit must allow.
    pub fn memory_size(&self) -> u64 {
        u64::from(self.inner.image.memory)
    }

    /// The bytes of state it holds (before compression).
    pub fn state_bytes(&self) -> u64 {
        self.inner
            .image
            .regions
            .iter()
            .map(|r| r.bytes.len() as u64)
            .sum()
    }

    /// The (address, length) of each region of guest memory it holds: for tests and
    /// diagnostics.
    #[doc(hidden)]
    pub fn layout(&self) -> Vec<(u32, u32)> {
        self.regions()
            .iter()
            .map(|r| (r.address, r.bytes.len() as u32))
            .collect()
    }

    pub(crate) fn image(&self) -> &Image {
        &self.inner.image
    }

    pub(crate) fn regions(&self) -> &[Region] {
        &self.inner.image.regions
    }

    /// Whether it was taken by a session of the template whose settings are `origin`.
    pub(crate) fn is_from(&self, origin: u64) -> bool {
        self.inner.origin == Some(origin)
    }
}

/// Why a snapshot could not be taken, read or restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The session holds what a snapshot cannot carry (a file open at the time): the guest's
    /// reason. The session is unchanged.
    #[error("cannot take a snapshot: {0}")]
    Unsupported(String),
    /// The bytes are not a snapshot: no header, or a truncated or malformed one.
    #[error("not a valid mpsandbox snapshot: {0}")]
    Malformed(String),
    /// A snapshot of a format version this library does not read.
    #[error(
        "snapshot format version {found} is not supported (this library reads version {supported})"
    )]
    Version {
        /// The file's version.
        found: u32,
        /// The version this library reads and writes.
        supported: u32,
    },
    /// The checksum does not match the contents: the file was damaged or altered.
    #[error("the snapshot is damaged or was altered (checksum mismatch)")]
    Checksum,
    /// The snapshot was taken by another build of the component, whose memory layout
    /// differs: it can only be restored by an engine with that component.
    #[error(
        "the snapshot was taken by another component (sha256 {found}); this engine runs {expected}"
    )]
    OtherComponent {
        /// The component id of this engine.
        expected: String,
        /// The component id in the snapshot.
        found: String,
    },
    /// The guest refused the state (its layout does not fit this instance): its reason.
    #[error("cannot restore the snapshot: {0}")]
    Rejected(String),
}
