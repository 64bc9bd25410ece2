//! Limits: the memory cap, time and fuel budgets, and what each call used.
//!
//! - **Memory**: [`MemoryLimiter`] is the store's `ResourceLimiter`. It refuses to grow linear
//!   memory past the cap, which the guest turns into a Python `MemoryError`, and records the
//!   peak.
//! - **Time and fuel, soft**: while Python code runs, the guest polls the WIT import
//!   `control.should-stop` (every 1000 backward jumps or function returns, and between the
//!   10 ms slices of `time.sleep`). Once the timeout or the fuel budget has passed, the host
//!   answers true and keeps answering true until the call ends; the guest raises
//!   `KeyboardInterrupt`, which unwinds the Python stack and leaves the session usable.
//! - **Time and fuel, hard**: code that swallows the exception or is stuck in C (a huge `pow`)
//!   is trapped after a grace period: for time, by wasmtime's epoch interruption (a ticker
//!   thread per engine advances the epoch every [`TICK`] while a timed call runs, and the
//!   store's epoch callback interrupts once `timeout + grace` has passed); for fuel, by running
//!   out of the `budget + grace` the store was given. The session is then lost.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::bytesize::ByteSize;

/// How often the ticker advances the engine's epoch while a timed call runs: the precision of
/// the hard stop.
pub(crate) const TICK: Duration = Duration::from_millis(2);

/// The default cap on a session's linear memory: 256 MiB.
pub const DEFAULT_MEMORY_LIMIT: ByteSize = ByteSize::mib(256);

/// The smallest memory cap a session accepts: 4 MiB. The interpreter's static data, C stack
/// and first heap area take about 2.5 MiB and the guest holds 1 MiB back for what crosses the
/// boundary; below this a session could not start or run anything.
pub const MIN_MEMORY_LIMIT: usize = 4 << 20;

/// The default grace period between the soft and the hard stop of a timeout: 200 ms.
pub const DEFAULT_GRACE: Duration = Duration::from_millis(200);

/// The fuel a call may use past its budget before the hard stop: a tenth of the budget, and
/// at least this much (enough to unwind and report the soft stop).
pub const MIN_FUEL_GRACE: u64 = 10_000_000;

/// The fuel grace for a `budget` (see [`MIN_FUEL_GRACE`]).
pub fn fuel_grace(budget: u64) -> u64 {
    (budget / 10).max(MIN_FUEL_GRACE)
}

/// Which limit was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// The cap on linear memory; values in bytes.
    Memory,
    /// The wall-clock timeout; values in milliseconds.
    Time,
    /// The fuel budget; values in units of fuel (about one per wasm instruction).
    Fuel,
    /// The guest's wasm stack (`max_wasm_stack`); values in bytes.
    Stack,
    /// The disk quota of read-write grants, in bytes added
    /// ([`SessionBuilder::disk_quota`](crate::SessionBuilder::disk_quota)).
    Disk,
    /// The disk quota of read-write grants, in names (files, directories, links) created.
    Files,
}

impl LimitKind {
    /// A short lowercase name: `memory`, `time`, `fuel`, `stack`, `disk`, `files`.
    pub fn name(self) -> &'static str {
        match self {
            LimitKind::Memory => "memory",
            LimitKind::Time => "time",
            LimitKind::Fuel => "fuel",
            LimitKind::Stack => "stack",
            LimitKind::Disk => "disk",
            LimitKind::Files => "files",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A limit that was hit: which, its value, and what was used (or requested).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitHit {
    /// Which limit.
    pub kind: LimitKind,
    /// The limit's value, in the unit of its kind (see [`LimitKind`]).
    pub limit: u64,
    /// What was used when the code was stopped, or for memory, the size the failed growth
    /// asked for; same unit.
    pub used: u64,
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (limit, used) = (self.limit, self.used);
        match self.kind {
            LimitKind::Memory => write!(
                f,
                "memory limit of {} exceeded (an allocation needed {})",
                ByteSize(limit),
                ByteSize(used)
            ),
            LimitKind::Time => write!(f, "time limit of {limit} ms exceeded (ran {used} ms)"),
            LimitKind::Fuel => write!(f, "fuel limit of {limit} exceeded (used {used})"),
            LimitKind::Stack => write!(f, "stack limit of {} exhausted", ByteSize(limit)),
            LimitKind::Disk => write!(
                f,
                "disk quota of {} exceeded (the write would have added {})",
                ByteSize(limit),
                ByteSize(used)
            ),
            LimitKind::Files => write!(
                f,
                "disk quota of {limit} files exceeded (the call would have made {used})"
            ),
        }
    }
}

/// What one `exec`/`call` used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Wall-clock time of the call.
    pub wall: Duration,
    /// Fuel consumed, when the engine meters fuel ([`EngineBuilder::fuel`](crate::EngineBuilder::fuel)).
    pub fuel: Option<u64>,
    /// The peak size of the guest's linear memory, in bytes. Linear memory never shrinks,
    /// so this is the session's peak so far.
    pub memory: usize,
}

/// Time and fuel budgets of one `exec`/`call`; `None` means unlimited.
///
/// Sessions have defaults ([`SessionBuilder::timeout`](crate::SessionBuilder::timeout),
/// [`SessionBuilder::fuel`](crate::SessionBuilder::fuel)); `Session::exec_with` and
/// `Session::call_with` override them for one call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunLimits {
    /// The wall-clock timeout.
    pub timeout: Option<Duration>,
    /// The fuel budget (only with an engine that meters fuel).
    pub fuel: Option<u64>,
}

impl RunLimits {
    /// No limits.
    pub fn none() -> RunLimits {
        RunLimits::default()
    }

    /// With this wall-clock timeout.
    pub fn timeout(mut self, timeout: Duration) -> RunLimits {
        self.timeout = Some(timeout);
        self
    }

    /// With this fuel budget.
    pub fn fuel(mut self, fuel: u64) -> RunLimits {
        self.fuel = Some(fuel);
        self
    }
}

/// How much memory wasmtime's own GC heap may take besides the cap: it holds the wasm
/// exception objects that carry Python exceptions (setjmp/longjmp), a few bytes each.
pub const GC_HEAP_ALLOWANCE: usize = 16 << 20;

/// The declared maximum of the guest's linear memory: 65535 pages (the guest links with
/// `--max-memory`, guest-micropython/Makefile). wasmtime's GC heap declares none (it reads as
/// the 4 GiB of a 32-bit memory), so the declared maximum tells the two apart.
pub(crate) const GUEST_MEMORY_MAXIMUM: usize = 65535 << 16;

/// The store's resource limiter: caps linear memory and records its peak.
///
/// A store has two memories: the guest's linear memory, which declares a maximum of
/// [`GUEST_MEMORY_MAXIMUM`], and wasmtime's GC heap. The cap is on the first; the GC heap (and
/// any other memory, say of a component composed with the guest) gets [`GC_HEAP_ALLOWANCE`] of
/// its own, so that raising `MemoryError` at the cap still works. Each memory is told apart by
/// its declared maximum, never by its current size (two memories can have the same size).
pub(crate) struct MemoryLimiter {
    pub cap: usize,
    /// The size of the linear memory, once created.
    linear: Option<usize>,
    /// Its size when it was created.
    initial: Option<usize>,
    /// The size of the GC heap.
    gc_heap: usize,
    /// The peak of both together.
    pub peak: usize,
    /// The largest linear memory size a refused growth asked for, since the last reset.
    pub refused: Option<usize>,
}

impl MemoryLimiter {
    pub fn new(cap: usize) -> MemoryLimiter {
        MemoryLimiter {
            cap,
            linear: None,
            initial: None,
            gc_heap: 0,
            peak: 0,
            refused: None,
        }
    }
}

impl MemoryLimiter {
    /// The most data the host can hand the guest (code, arguments, host-function results):
    /// the cap less the memory a fresh interpreter starts with. Anything larger can never
    /// fit, and lowering it would trap. (Data below it may still not fit in a heap already
    /// full of live objects; that case is not predictable from outside, and stays a trap.)
    pub fn room(&self) -> usize {
        self.cap.saturating_sub(self.initial.unwrap_or(0))
    }

    /// The memory-limit hit for handing the guest `bytes` more than [`Self::room`] allows.
    pub fn hit_for(&self, bytes: usize) -> LimitHit {
        LimitHit {
            kind: LimitKind::Memory,
            limit: self.cap as u64,
            used: (self.initial.unwrap_or(0) as u64).saturating_add(bytes as u64),
        }
    }
}

impl wasmtime::ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let guest = maximum == Some(GUEST_MEMORY_MAXIMUM);
        if maximum.is_some_and(|max| desired > max) && !guest {
            return Ok(false);
        }
        if guest {
            // Past the cap, or past the memory's own maximum (what the guest asks for when an
            // allocation is larger than its address space): refused, and recorded, so the
            // `MemoryError` that follows is reported as the memory limit.
            if desired > self.cap || desired > GUEST_MEMORY_MAXIMUM {
                self.refused = Some(self.refused.unwrap_or(0).max(desired));
                return Ok(false);
            }
            self.linear = Some(desired);
            self.initial.get_or_insert(desired);
        } else {
            // The other memories share the allowance: count this one's growth.
            let others = self.gc_heap.saturating_sub(current).saturating_add(desired);
            if others > GC_HEAP_ALLOWANCE {
                return Ok(false);
            }
            self.gc_heap = others;
        }
        self.peak = self.peak.max(self.linear.unwrap_or(0) + self.gc_heap);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= maximum.unwrap_or(1 << 20).min(1 << 20))
    }
}
/// The state of the running call, for `should-stop` and the epoch callback.
#[derive(Debug)]
pub(crate) struct RunState {
    pub start: Instant,
    pub timeout: Option<Duration>,
    /// When the hard stop comes: `start + timeout + grace`.
    pub hard_deadline: Option<Instant>,
    pub fuel_budget: Option<u64>,
    /// The fuel the store had at the start of the call (when fuel is metered).
    pub fuel_start: Option<u64>,
    /// The soft stop requested, if any.
    pub stop: Option<LimitKind>,
    /// Whether the epoch callback interrupted the guest.
    pub hard_stopped: bool,
}

impl RunState {
    pub fn idle() -> RunState {
        RunState {
            start: Instant::now(),
            timeout: None,
            hard_deadline: None,
            fuel_budget: None,
            fuel_start: None,
            stop: None,
            hard_stopped: false,
        }
    }

    /// Whether the call must stop, given the store's fuel left (if metered); records why.
    pub fn should_stop(&mut self, fuel_left: Option<u64>) -> bool {
        if self.stop.is_some() {
            return true;
        }
        if let Some(timeout) = self.timeout
            && self.start.elapsed() >= timeout
        {
            self.stop = Some(LimitKind::Time);
        } else if let (Some(budget), Some(start), Some(left)) =
            (self.fuel_budget, self.fuel_start, fuel_left)
            && start.saturating_sub(left) > budget
        {
            self.stop = Some(LimitKind::Fuel);
        }
        self.stop.is_some()
    }
}

/// The engine's epoch ticker: a thread, started on first use, that advances the epoch every
/// [`TICK`] while at least one timed call runs, and sleeps otherwise. It ends with the engine.
pub(crate) struct Ticker {
    shared: Arc<(Mutex<TickerState>, Condvar)>,
}

#[derive(Default)]
struct TickerState {
    active: usize,
    started: bool,
}

/// Keeps the ticker ticking while it lives.
pub(crate) struct Ticking {
    shared: Arc<(Mutex<TickerState>, Condvar)>,
}

impl Drop for Ticking {
    fn drop(&mut self) {
        let (lock, _) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        state.active -= 1;
    }
}

impl Ticker {
    pub fn new() -> Ticker {
        Ticker {
            shared: Arc::new((Mutex::new(TickerState::default()), Condvar::new())),
        }
    }

    /// Makes the ticker tick (starting its thread if needed) until the guard is dropped.
    pub fn start(&self, engine: &wasmtime::Engine) -> Ticking {
        let (lock, condvar) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        state.active += 1;
        if !state.started {
            let weak = engine.weak();
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("mpsandbox-epoch".into())
                .spawn(move || tick(weak, shared));
            // Without a ticker, only the soft stop works; nothing else to do about it.
            state.started = spawned.is_ok();
        }
        condvar.notify_all();
        Ticking {
            shared: self.shared.clone(),
        }
    }
}

fn tick(engine: wasmtime::EngineWeak, shared: Arc<(Mutex<TickerState>, Condvar)>) {
    let (lock, condvar) = &*shared;
    loop {
        {
            let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
            while state.active == 0 {
                let (next, _) = condvar
                    .wait_timeout(state, Duration::from_secs(1))
                    .unwrap_or_else(|p| p.into_inner());
                state = next;
                if state.active == 0 && engine.upgrade().is_none() {
                    return;
                }
            }
        }
        std::thread::sleep(TICK);
        match engine.upgrade() {
            Some(engine) => engine.increment_epoch(),
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::ResourceLimiter;

    #[test]
    fn the_limiter_caps_and_records_the_peak() {
        const GUEST: Option<usize> = Some(GUEST_MEMORY_MAXIMUM);
        const GC: Option<usize> = Some(4 << 30);
        let mut l = MemoryLimiter::new(1000);
        assert!(
            l.memory_growing(0, 0, GC).unwrap(),
            "the GC heap is created"
        );
        assert!(
            l.memory_growing(0, 600, GUEST).unwrap(),
            "the linear memory"
        );
        assert!(l.memory_growing(600, 900, GUEST).unwrap());
        assert!(!l.memory_growing(900, 1100, GUEST).unwrap());
        // The GC heap grows within its own allowance.
        assert!(l.memory_growing(0, 500, GC).unwrap());
        assert!(!l.memory_growing(500, GC_HEAP_ALLOWANCE + 1, GC).unwrap());
        assert_eq!((l.linear, l.peak, l.refused), (Some(900), 1400, Some(1100)));
    }

    /// #11 item 14: when both memories had the same size, a growth of the GC heap was checked
    /// against the memory cap and recorded as the linear memory's (and the other way round).
    #[test]
    fn memories_of_the_same_size_are_told_apart() {
        const GUEST: Option<usize> = Some(GUEST_MEMORY_MAXIMUM);
        const GC: Option<usize> = Some(4 << 30);
        let mut l = MemoryLimiter::new(1 << 20);
        assert!(l.memory_growing(0, 1 << 16, GUEST).unwrap());
        assert!(l.memory_growing(0, 1 << 16, GC).unwrap());
        // Same size now: the GC heap grows past the memory cap but within its allowance.
        assert!(l.memory_growing(1 << 16, 2 << 20, GC).unwrap());
        assert_eq!(l.linear, Some(1 << 16), "the linear memory did not move");
        // The linear memory at the GC heap's size still hits its own cap.
        assert!(!l.memory_growing(1 << 16, 2 << 20, GUEST).unwrap());
        assert_eq!(l.refused, Some(2 << 20));
    }

    #[test]
    fn limits_print_their_value_and_use() {
        let hit = LimitHit {
            kind: LimitKind::Memory,
            limit: 16 << 20,
            used: 1_000_000_000,
        };
        assert_eq!(
            hit.to_string(),
            "memory limit of 16 MiB exceeded (an allocation needed 953.7 MiB)"
        );
        let hit = LimitHit {
            kind: LimitKind::Time,
            limit: 500,
            used: 502,
        };
        assert_eq!(
            hit.to_string(),
            "time limit of 500 ms exceeded (ran 502 ms)"
        );
    }

    #[test]
    fn soft_stops_remember_why() {
        let mut run = RunState::idle();
        assert!(!run.should_stop(None));
        run.timeout = Some(Duration::ZERO);
        assert!(run.should_stop(None));
        assert_eq!(run.stop, Some(LimitKind::Time));
        let mut run = RunState::idle();
        run.fuel_budget = Some(100);
        run.fuel_start = Some(1000);
        assert!(!run.should_stop(Some(950)));
        assert!(run.should_stop(Some(800)));
        assert_eq!(run.stop, Some(LimitKind::Fuel));
        assert!(run.should_stop(Some(990)), "it keeps answering true");
    }
}
