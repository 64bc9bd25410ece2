//! The pooling allocator: how a session's memory and instance are allocated.
//!
//! wasmtime's pooling allocator reserves, once per engine, slots for a fixed number of
//! instances, linear memories and tables, and reuses a slot when a session ends (resetting
//! only the pages the session touched, with copy-on-write images of the guest's initial
//! memory). Starting a session then costs no `mmap` and few page faults.
//!
//! Each session takes one component instance (a few core instances and tables), its linear
//! memory and, once Python raises its first exception, a GC heap, which takes a memory slot
//! of its own. Every memory slot reserves the same address space as on-demand memories
//! (4 GiB plus guard regions), so that compiled code needs no bounds checks and any memory cap
//! up to the wasm32 maximum works: 1,000 sessions reserve about 8 TiB of address space (of
//! the 128 TiB of x86-64 and aarch64 Linux), but use only what they touch.
//!
//! Sessions beyond the pool's size start on demand, on a second wasmtime engine made on
//! first need (see `engine.rs`), and so does everything when the pool cannot be reserved.

/// The default number of sessions the pooling allocator holds ([`EngineBuilder::pool_size`](
/// crate::EngineBuilder::pool_size)); more run on demand.
pub const DEFAULT_POOL_SIZE: u32 = 1000;

/// Core instances per session: the component holds the guest, the WASI adapter and
/// wit-component's shim and fixup modules; with room to spare.
const CORE_INSTANCES_PER_SESSION: u32 = 8;

/// Tables per session (the guest's function table, the shim's), with room to spare.
const TABLES_PER_SESSION: u32 = 4;

/// How much of a freed slot's linear memory stays resident, reset in place, for the next
/// session: a new session dirties about 150 KiB. (Slots that no session uses keep it too: at
/// most wasmtime's 100 warm unused slots, 25 MiB.)
const KEEP_RESIDENT: usize = 256 << 10;

/// How much of a freed slot's tables stays resident.
const TABLE_KEEP_RESIDENT: usize = 64 << 10;

/// The pooling configuration for `sessions` concurrent sessions.
pub(crate) fn config(sessions: u32) -> wasmtime::PoolingAllocationConfig {
    let mut pool = wasmtime::PoolingAllocationConfig::new();
    pool.total_component_instances(sessions)
        .total_core_instances(sessions.saturating_mul(CORE_INSTANCES_PER_SESSION))
        .total_tables(sessions.saturating_mul(TABLES_PER_SESSION))
        // The linear memory and the GC heap.
        .total_memories(sessions.saturating_mul(2))
        .total_gc_heaps(sessions)
        // Guest calls run synchronously: no fiber stacks.
        .total_stacks(0)
        // Any cap the store's limiter allows, up to the wasm32 maximum.
        .max_memory_size(1 << 32);
    if wasmtime::PoolingAllocationConfig::is_pagemap_scan_available() {
        // Reset a freed slot by rewriting only the pages the session dirtied (Linux 6.7+
        // reports them), and keep them resident: the next session takes no page faults.
        pool.pagemap_scan(wasmtime::Enabled::Yes)
            .linear_memory_keep_resident(KEEP_RESIDENT)
            .table_keep_resident(TABLE_KEEP_RESIDENT);
    }
    pool
}

/// Whether `error` says that a pool is full (then the session starts on demand).
pub(crate) fn is_exhausted(error: &wasmtime::Error) -> bool {
    error.is::<wasmtime::PoolConcurrencyLimitError>()
}
