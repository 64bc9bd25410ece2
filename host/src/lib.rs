//! Run untrusted Python in a sandbox: MicroPython as a WebAssembly component, on wasmtime.
//!
//! ```no_run
//! use mpsandbox::{Engine, Value};
//!
//! let engine = Engine::new()?;                 // compiles (or loads from cache) the component once
//! let mut session = engine.session()?;         // microseconds
//! session.exec("def area(w, h=1):\n    return w * h")?;
//! let out = session.exec("print('hi'); area(6, 7)")?;
//! assert_eq!(out.run.stdout, "hi\n");
//! assert_eq!(out.value, Some(Value::Int(42)));
//! let out = session.call("area", &[Value::from(3)], &[("h", Value::from(5))])?;
//! assert_eq!(out.value, Value::Int(15));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - An [`Engine`] holds the compiled component; create one per process and clone it freely.
//!   Compiled code is cached on disk (see [`EngineBuilder::cache_dir`]).
//! - A [`SessionTemplate`] holds a session's settings, checked once; it starts any number of
//!   sessions ([`SessionBuilder::template`]).
//! - A [`Session`] is one live interpreter: state persists across [`Session::exec`] and
//!   [`Session::call`]; sessions are independent. Output is captured per call, bounded, and can
//!   be streamed ([`SessionBuilder::on_output`]).
//! - [`Value`] is the typed tree of Python values that cross the boundary, with conversions to
//!   and from native and serde types.
//! - The guest has no network unless a session allows hosts
//!   ([`SessionBuilder::allow_http`]): Python's `requests` then reaches those hosts only,
//!   through `wasi:http`, within a timeout and a response-size cap.
//! - Every call reports a [`Run`] (`run`: output, truncation, usage, restart), in its result
//!   and in its error alike.
//! - Errors are typed ([`Error`]); a failed call returns an [`ExecError`] holding the error and
//!   the report of the call up to it. Nothing the guest does makes the host panic.
//!
//! # Notes
//!
//! - Guest code runs on the calling thread. The guest may use up to
//!   [`EngineBuilder::max_wasm_stack`] bytes of native stack (8 MiB by default); when the
//!   caller's stack has less room left, the call switches to a stack of its own (kept per
//!   thread for the next calls), so any thread may call, at the cost of nanoseconds.
//! - Python exceptions are wasm exceptions. wasmtime can capture a Rust backtrace for each,
//!   which with `RUST_BACKTRACE=1` makes an exception crossing many frames quadratic in time;
//!   this crate builds wasmtime without that (`backtrace`) feature. If your build enables it
//!   anyway (another dependency on wasmtime's default features), set `RUST_LIB_BACKTRACE=0`.
//! - Nothing is ambient: no files (unless granted with [`SessionBuilder::dir`]), no network,
//!   no environment variables or arguments.
//! - Sessions take their memory from a pool that the engine reserves
//!   ([`EngineBuilder::pool_size`], 1,000 sessions by default): that is what makes starting one
//!   cost microseconds. Sessions beyond it start on demand, a little slower.
//! - Compiled code is cached on disk and loaded as native code: the cache folder must be
//!   writable only by those trusted to run code as this process.

mod bindings;
mod bytesize;
mod cache;
mod control;
mod deterministic;
mod dirs;
mod ending;
mod engine;
mod error;
mod host_fn;
mod http;
mod limits;
mod listing;
mod output;
mod pool;
mod quota;
mod run;
mod session;
mod snapshot;
mod stack;
mod store;
pub mod value;

pub use bytesize::{ByteSize, ParseByteSizeError};
pub use cache::{CACHE_DIR_ENV, CacheStatus};
pub use deterministic::DETERMINISTIC_EPOCH;
pub use dirs::{DEFAULT_GUEST_DIR, DirAccess, DirGrant, GrantError};
pub use engine::{DEFAULT_MAX_WASM_STACK, Engine, EngineBuilder, PERFMAP_ENV};
pub use error::{Error, Exception, ExecError, SOURCE_NAME, SyntaxError};
pub use host_fn::HostFn;
pub use http::{DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_HTTP_RESPONSE};
pub use limits::{
    DEFAULT_GRACE, DEFAULT_MEMORY_LIMIT, LimitHit, LimitKind, MIN_FUEL_GRACE, MIN_MEMORY_LIMIT,
    RunLimits, Usage, fuel_grace,
};
pub use output::{DEFAULT_MAX_OUTPUT, Stream};
pub use pool::DEFAULT_POOL_SIZE;
pub use quota::{DEFAULT_DISK_QUOTA_BYTES, DEFAULT_DISK_QUOTA_FILES};
pub use run::{CallOutput, ExecOutput, Run};
pub use session::{Session, SessionBuilder, SessionTemplate};
pub use snapshot::{FORMAT_VERSION as SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotError};
pub use value::{Bytes, JsonError, MAX_DEPTH, Value, ValueError, from_value, to_value};

#[cfg(test)]
mod tests {
    /// Engines are shared across threads; sessions move between them.
    #[test]
    fn engines_are_shared_and_sessions_are_send() {
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>() {}
        send_sync::<crate::Engine>();
        send::<crate::Session>();
        send_sync::<crate::Error>();
        send_sync::<crate::ExecError>();
        send_sync::<crate::Value>();
        send_sync::<crate::SessionTemplate>();
        send_sync::<crate::Snapshot>();
    }
}
