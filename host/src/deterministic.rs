//! Deterministic mode: seeded entropy and virtual clocks, so that a run depends on its code
//! and seed only ([`SessionBuilder::deterministic`](crate::SessionBuilder::deterministic)).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::clocks::WasiClocksView;
use wasmtime_wasi::filesystem::{WasiFilesystemCtxView, WasiFilesystemView};
use wasmtime_wasi::p2::bindings::clocks::monotonic_clock::Host as _;
use wasmtime_wasi::p2::bindings::sync::filesystem::types::{
    Datetime, Descriptor, DescriptorStat, ErrorCode, Host as _, HostDescriptor as _,
    MetadataHashValue, PathFlags,
};
use wasmtime_wasi::p2::{DynPollable, FsError};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtxBuilder, WasiView};

/// The narrow view deterministic mode links through: WASI, and the session's virtual time.
pub(crate) trait DeterministicView: WasiView + 'static {
    /// The session's virtual time in deterministic mode, `None` otherwise.
    fn virtual_time(&self) -> Option<&Arc<VirtualTime>>;
}

/// The wall-clock time at which deterministic sessions start: 2024-01-01T00:00:00Z, as
/// seconds since the Unix epoch.
pub const DETERMINISTIC_EPOCH: u64 = 1_704_067_200;

/// Bytes of seeded entropy; the guest reads a few at start (the seed of `random`), and the
/// sequence repeats after this many.
const ENTROPY_LEN: usize = 4096;

/// Virtual time of a deterministic session: nanoseconds since its start. It advances only by
/// what the guest sleeps for (`time.sleep`), never by itself.
#[derive(Debug, Default)]
pub(crate) struct VirtualTime {
    nanos: AtomicU64,
}

impl VirtualTime {
    fn now(&self) -> u64 {
        self.nanos.load(Ordering::Relaxed)
    }

    fn advance(&self, nanos: u64) {
        let _ = self
            .nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_add(nanos))
            });
    }

    fn advance_to(&self, nanos: u64) {
        self.nanos.fetch_max(nanos, Ordering::Relaxed);
    }
}

struct VirtualMonotonic(Arc<VirtualTime>);

impl HostMonotonicClock for VirtualMonotonic {
    fn resolution(&self) -> u64 {
        1
    }
    fn now(&self) -> u64 {
        self.0.now()
    }
}

struct VirtualWall(Arc<VirtualTime>);

impl HostWallClock for VirtualWall {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self) -> Duration {
        Duration::from_secs(DETERMINISTIC_EPOCH) + Duration::from_nanos(self.0.now())
    }
}

/// SplitMix64: a seed into a stream of well-mixed words.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn entropy(seed: u64, salt: u64) -> Vec<u8> {
    let mut state = seed ^ salt;
    let mut bytes = Vec::with_capacity(ENTROPY_LEN);
    while bytes.len() < ENTROPY_LEN {
        bytes.extend_from_slice(&splitmix64(&mut state).to_le_bytes());
    }
    bytes
}

/// Gives `builder` entropy derived from `seed` and virtual clocks; returns the virtual time
/// that the session's sleeps advance.
pub(crate) fn configure(builder: &mut WasiCtxBuilder, seed: u64) -> Arc<VirtualTime> {
    let time = Arc::new(VirtualTime::default());
    let mut state = seed ^ 0x5eed;
    let insecure_seed =
        (u128::from(splitmix64(&mut state)) << 64) | u128::from(splitmix64(&mut state));
    builder
        .secure_random(wasmtime_wasi::Deterministic::new(entropy(seed, 1)))
        .insecure_random(wasmtime_wasi::Deterministic::new(entropy(seed, 2)))
        .insecure_random_seed(insecure_seed)
        .wall_clock(VirtualWall(time.clone()))
        .monotonic_clock(VirtualMonotonic(time.clone()));
    time
}

/// Replaces the `subscribe-*` functions of `wasi:clocks/monotonic-clock` (what `time.sleep`
/// waits with) by ones that also advance a deterministic session's virtual time by the time
/// waited for. The wait itself stays real, so that it counts against timeouts as usual.
pub(crate) fn add_to_linker<T: DeterministicView>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut clock = linker.instance("wasi:clocks/monotonic-clock@0.2.12")?;
    clock.func_wrap(
        "subscribe-duration",
        |mut store: StoreContextMut<'_, T>,
         (duration,): (u64,)|
         -> wasmtime::Result<(Resource<DynPollable>,)> {
            if let Some(time) = store.data().virtual_time() {
                time.advance(duration);
            }
            Ok((store.data_mut().clocks().subscribe_duration(duration)?,))
        },
    )?;
    clock.func_wrap(
        "subscribe-instant",
        |mut store: StoreContextMut<'_, T>,
         (when,): (u64,)|
         -> wasmtime::Result<(Resource<DynPollable>,)> {
            let Some(time) = store.data().virtual_time().cloned() else {
                return Ok((store.data_mut().clocks().subscribe_instant(when)?,));
            };
            let wait = when.saturating_sub(time.now());
            time.advance_to(when);
            Ok((store.data_mut().clocks().subscribe_duration(wait)?,))
        },
    )?;
    add_file_metadata_to_linker(linker)?;
    linker.allow_shadowing(false);
    Ok(())
}

/// What a file's timestamps read as in deterministic mode: the deterministic epoch.
const PINNED_TIME: Datetime = Datetime {
    seconds: DETERMINISTIC_EPOCH,
    nanoseconds: 0,
};

/// A file's metadata in deterministic mode: timestamps at the deterministic epoch, since a
/// file the code writes would otherwise carry the host's clock.
fn pin_times(stat: DescriptorStat) -> DescriptorStat {
    DescriptorStat {
        data_access_timestamp: Some(PINNED_TIME),
        data_modification_timestamp: Some(PINNED_TIME),
        status_change_timestamp: Some(PINNED_TIME),
        ..stat
    }
}

type FsResult<T> = wasmtime::Result<(Result<T, ErrorCode>,)>;

/// Runs `op` on the session's file system, passing its answer through `pin` in a
/// deterministic session.
fn answer<T: DeterministicView, V>(
    mut store: StoreContextMut<'_, T>,
    op: impl FnOnce(&mut WasiFilesystemCtxView<'_>) -> Result<V, FsError>,
    pin: fn(V) -> V,
) -> FsResult<V> {
    let deterministic = store.data().virtual_time().is_some();
    let mut fs = store.data_mut().filesystem();
    Ok((match op(&mut fs) {
        Ok(value) if deterministic => Ok(pin(value)),
        Ok(value) => Ok(value),
        Err(e) => Err(fs.convert_error_code(e)?),
    },))
}

/// The metadata hash (what the guest sees as a file's inode number) in deterministic mode.
fn pin_hash(_: MetadataHashValue) -> MetadataHashValue {
    MetadataHashValue { lower: 0, upper: 0 }
}

/// Replaces `stat`, `stat-at`, `metadata-hash` and `metadata-hash-at` of
/// `wasi:filesystem/types` in deterministic sessions: timestamps read as the deterministic
/// epoch and the metadata hash as zero, so that `os.stat` of a file the code wrote gives the
/// same result on every run. Other sessions get wasmtime-wasi's answers unchanged.
fn add_file_metadata_to_linker<T: DeterministicView>(
    linker: &mut Linker<T>,
) -> wasmtime::Result<()> {
    type At = (Resource<Descriptor>, PathFlags, String);
    let mut types = linker.instance("wasi:filesystem/types@0.2.12")?;
    types.func_wrap(
        "[method]descriptor.stat",
        |store: StoreContextMut<'_, T>, (fd,): (Resource<Descriptor>,)| {
            answer(store, |fs| fs.stat(fd), pin_times)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.stat-at",
        |store: StoreContextMut<'_, T>, (fd, flags, path): At| {
            answer(store, |fs| fs.stat_at(fd, flags, path), pin_times)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.metadata-hash",
        |store: StoreContextMut<'_, T>, (fd,): (Resource<Descriptor>,)| {
            answer(store, |fs| fs.metadata_hash(fd), pin_hash)
        },
    )?;
    types.func_wrap(
        "[method]descriptor.metadata-hash-at",
        |store: StoreContextMut<'_, T>, (fd, flags, path): At| {
            answer(store, |fs| fs.metadata_hash_at(fd, flags, path), pin_hash)
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_depends_on_the_seed_only() {
        assert_eq!(entropy(7, 1), entropy(7, 1));
        assert_ne!(entropy(7, 1), entropy(8, 1));
        assert_ne!(entropy(7, 1), entropy(7, 2));
        assert_eq!(entropy(7, 1).len(), ENTROPY_LEN);
    }

    #[test]
    fn virtual_time_moves_only_when_told() {
        let time = Arc::new(VirtualTime::default());
        let wall = VirtualWall(time.clone());
        let mono = VirtualMonotonic(time.clone());
        assert_eq!(mono.now(), 0);
        assert_eq!(wall.now(), Duration::from_secs(DETERMINISTIC_EPOCH));
        time.advance(1_500);
        assert_eq!(mono.now(), 1_500);
        time.advance_to(1_000);
        assert_eq!(mono.now(), 1_500);
        time.advance_to(2_000);
        assert_eq!(
            wall.now(),
            Duration::from_secs(DETERMINISTIC_EPOCH) + Duration::from_nanos(2_000)
        );
    }
}
