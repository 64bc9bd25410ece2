//! The disk quota of read-write grants: how much a session may add to the host's disk.
//!
//! wasmtime-wasi has no quota, so the file-system calls that add data or names are replaced in
//! the linker (the same functions, with an account kept around them):
//! - bytes: writes through `write-via-stream`/`append-via-stream` (what Python's `write` uses),
//!   `write` at an offset, and `set-size` count what they add past a file's end;
//! - files: `open-at` that creates a file, `create-directory-at`, `symlink-at` and `link-at`
//!   count one name each;
//! - `unlink-file-at` gives back the file's bytes and name.
//!
//! The quota is on growth since the session started (what was in the grants before does not
//! count), shared by all of a session's read-write grants. Past it the call fails as on a full
//! disk, `ENOSPC` (Python: `OSError: [Errno 28] ENOSPC`), and the exec or call that ends with
//! that error
//! reports the disk limit ([`LimitKind::Disk`](crate::LimitKind::Disk)). The count is of the
//! bytes the guest asks for, not of blocks the host's file system allocates.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use bytes::Bytes;
use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::filesystem::WasiFilesystemView as _;
use wasmtime_wasi::p2::bindings::sync::filesystem::types::{
    Descriptor, DescriptorType, ErrorCode, Filesize, Host as _, HostDescriptor as _, PathFlags,
};
use wasmtime_wasi::p2::{DynOutputStream, FsError, OutputStream, Pollable, StreamError};

use crate::limits::{LimitHit, LimitKind};

/// What the quota's calls need of the store's data: WASI, and the session's account.
pub(crate) trait QuotaView: wasmtime_wasi::WasiView + 'static {
    /// The session's disk quota.
    fn disk_quota(&self) -> &Arc<DiskQuota>;
}

/// The default quota of a session's read-write grants: 256 MiB added.
pub const DEFAULT_DISK_QUOTA_BYTES: u64 = 256 << 20;

/// The default quota of a session's read-write grants: 10,000 names (files, directories,
/// links) created.
pub const DEFAULT_DISK_QUOTA_FILES: u64 = 10_000;

/// `ENOSPC` on Linux: what a write past the quota fails with (wasmtime-wasi passes `EDQUOT`
/// from a stream on as a plain I/O error, so the quota reads as a full disk).
const ENOSPC: i32 = 28;

/// The account of one session.
#[derive(Debug)]
pub(crate) struct DiskQuota {
    /// Most bytes the session may add.
    pub max_bytes: u64,
    /// Most names the session may create.
    pub max_files: u64,
    bytes: AtomicU64,
    files: AtomicU64,
    /// What was refused since the last [`DiskQuota::take_hit`]: 0 nothing, 1 bytes, 2 files.
    hit: AtomicU8,
    /// The total the refused request would have made.
    refused: AtomicU64,
}

impl DiskQuota {
    pub fn new(max_bytes: u64, max_files: u64) -> Arc<DiskQuota> {
        Arc::new(DiskQuota {
            max_bytes,
            max_files,
            bytes: AtomicU64::new(0),
            files: AtomicU64::new(0),
            hit: AtomicU8::new(0),
            refused: AtomicU64::new(0),
        })
    }

    /// The quota a call refused since the last time this was asked (and forgets it).
    pub fn take_hit(&self) -> Option<LimitHit> {
        let (kind, limit) = match self.hit.swap(0, Ordering::Relaxed) {
            0 => return None,
            1 => (LimitKind::Disk, self.max_bytes),
            _ => (LimitKind::Files, self.max_files),
        };
        Some(LimitHit {
            kind,
            limit,
            used: self.refused.load(Ordering::Relaxed),
        })
    }

    /// Adds `n` to `counter` if that stays within `max`; else records the hit as `which`.
    fn charge(&self, counter: &AtomicU64, max: u64, n: u64, which: u8) -> bool {
        match counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
            used.checked_add(n).filter(|total| *total <= max)
        }) {
            Ok(_) => true,
            Err(used) => {
                self.refused
                    .store(used.saturating_add(n), Ordering::Relaxed);
                self.hit.store(which, Ordering::Relaxed);
                false
            }
        }
    }

    fn charge_bytes(&self, n: u64) -> bool {
        self.charge(&self.bytes, self.max_bytes, n, 1)
    }

    fn charge_file(&self) -> bool {
        self.charge(&self.files, self.max_files, 1, 2)
    }

    fn refund(&self, bytes: u64, files: u64) {
        let sub = |counter: &AtomicU64, n: u64| {
            let _ = counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                Some(used.saturating_sub(n))
            });
        };
        sub(&self.bytes, bytes);
        sub(&self.files, files);
    }
}

/// An output stream to a file that charges what it adds past the file's end.
struct QuotaStream {
    inner: DynOutputStream,
    quota: Arc<DiskQuota>,
    /// Where the next byte goes.
    position: u64,
    /// The file's end as this stream knows it.
    end: u64,
}

fn quota_error() -> StreamError {
    StreamError::LastOperationFailed(std::io::Error::from_raw_os_error(ENOSPC).into())
}

#[async_trait::async_trait]
impl Pollable for QuotaStream {
    async fn ready(&mut self) {
        self.inner.ready().await
    }
}

#[async_trait::async_trait]
impl OutputStream for QuotaStream {
    fn write(&mut self, bytes: Bytes) -> Result<(), StreamError> {
        let len = bytes.len() as u64;
        let new_end = self.position.saturating_add(len);
        let growth = new_end.saturating_sub(self.end);
        if growth > 0 && !self.quota.charge_bytes(growth) {
            return Err(quota_error());
        }
        self.inner.write(bytes)?;
        self.position = new_end;
        self.end = self.end.max(new_end);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        self.inner.flush()
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        self.inner.check_write()
    }

    async fn cancel(&mut self) {
        self.inner.cancel().await
    }
}

type FsResult<T> = wasmtime::Result<(Result<T, ErrorCode>,)>;

/// The answer of a file-system call, with wasmtime-wasi's error conversion.
fn answer<T>(
    fs: &mut wasmtime_wasi::filesystem::WasiFilesystemCtxView<'_>,
    result: Result<T, FsError>,
) -> FsResult<T> {
    Ok((match result {
        Ok(value) => Ok(value),
        Err(e) => Err(fs.convert_error_code(e)?),
    },))
}

fn borrow(fd: &Resource<Descriptor>) -> Resource<Descriptor> {
    Resource::new_borrow(fd.rep())
}

/// Replaces the calls that add to the disk (see the module's documentation).
pub(crate) fn add_to_linker<T: QuotaView>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance("wasi:filesystem/types@0.2.12")?;
    types.func_wrap(
        "[method]descriptor.write-via-stream",
        |mut store: StoreContextMut<'_, T>, (fd, offset): (Resource<Descriptor>, Filesize)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let end = fs.stat(borrow(&fd)).map(|s| s.size).unwrap_or(0);
            let opened = fs.write_via_stream(fd, offset);
            wrap_stream(&mut fs, opened, quota, offset, end)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.append-via-stream",
        |mut store: StoreContextMut<'_, T>, (fd,): (Resource<Descriptor>,)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let end = fs.stat(borrow(&fd)).map(|s| s.size).unwrap_or(0);
            let opened = fs.append_via_stream(fd);
            wrap_stream(&mut fs, opened, quota, end, end)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.write",
        |mut store: StoreContextMut<'_, T>,
         (fd, buffer, offset): (Resource<Descriptor>, Vec<u8>, Filesize)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let end = fs.stat(borrow(&fd)).map(|s| s.size).unwrap_or(0);
            let growth = offset
                .saturating_add(buffer.len() as u64)
                .saturating_sub(end);
            if growth > 0 && !quota.charge_bytes(growth) {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.write(fd, buffer, offset);
            answer(&mut fs, result)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.set-size",
        |mut store: StoreContextMut<'_, T>, (fd, size): (Resource<Descriptor>, Filesize)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let end = fs.stat(borrow(&fd)).map(|s| s.size).unwrap_or(0);
            if size > end && !quota.charge_bytes(size - end) {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.set_size(fd, size);
            if result.is_ok() && size < end {
                quota.refund(end - size, 0);
            }
            answer(&mut fs, result)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.create-directory-at",
        |mut store: StoreContextMut<'_, T>, (fd, path): (Resource<Descriptor>, String)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            if !quota.charge_file() {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.create_directory_at(fd, path);
            if result.is_err() {
                quota.refund(0, 1);
            }
            answer(&mut fs, result)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.symlink-at",
        |mut store: StoreContextMut<'_, T>,
         (fd, old, new): (Resource<Descriptor>, String, String)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            if !quota.charge_file() {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.symlink_at(fd, old, new);
            if result.is_err() {
                quota.refund(0, 1);
            }
            answer(&mut fs, result)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.link-at",
        |mut store: StoreContextMut<'_, T>,
         (fd, flags, old, new_fd, new): (
            Resource<Descriptor>,
            PathFlags,
            String,
            Resource<Descriptor>,
            String,
        )| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            if !quota.charge_file() {
                return Ok((Err(ErrorCode::InsufficientSpace),));
            }
            let result = fs.link_at(fd, flags, old, new_fd, new);
            if result.is_err() {
                quota.refund(0, 1);
            }
            answer(&mut fs, result)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.unlink-file-at",
        |mut store: StoreContextMut<'_, T>, (fd, path): (Resource<Descriptor>, String)| {
            let quota = store.data().disk_quota().clone();
            let mut fs = store.data_mut().filesystem();
            let size = fs
                .stat_at(borrow(&fd), PathFlags::empty(), path.clone())
                .ok()
                .filter(|s| s.type_ == DescriptorType::RegularFile && s.link_count <= 1)
                .map(|s| s.size);
            let result = fs.unlink_file_at(fd, path);
            if result.is_ok() {
                quota.refund(size.unwrap_or(0), 1);
            }
            answer(&mut fs, result)
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

/// Puts a [`QuotaStream`] around a file stream just opened.
fn wrap_stream(
    fs: &mut wasmtime_wasi::filesystem::WasiFilesystemCtxView<'_>,
    opened: Result<Resource<DynOutputStream>, FsError>,
    quota: Arc<DiskQuota>,
    position: u64,
    end: u64,
) -> FsResult<Resource<DynOutputStream>> {
    let stream = match opened {
        Ok(stream) => stream,
        Err(e) => return answer(fs, Err(e)),
    };
    let inner = fs.table.delete(stream)?;
    let wrapped: DynOutputStream = Box::new(QuotaStream {
        inner,
        quota,
        position,
        end,
    });
    Ok((Ok(fs.table.push(wrapped)?),))
}

/// Charges one name for `open-at` creating a file (`open-at` is replaced in `dirs.rs`, which
/// calls this); false when the quota refuses it.
pub(crate) fn charge_created_file(quota: &DiskQuota) -> bool {
    quota.charge_file()
}

/// Gives back one name (a create that failed after [`charge_created_file`]).
pub(crate) fn refund_file(quota: &DiskQuota) {
    quota.refund(0, 1);
}

/// Gives back the bytes of a file that `open-at` truncated.
pub(crate) fn refund_bytes(quota: &DiskQuota, bytes: u64) {
    quota.refund(bytes, 0);
}
