//! The tokio runtime of the command's session.
//!
//! wasmtime-wasi runs every WASI call of the guest (an output, a sleep, a file read) on a
//! tokio runtime: the one entered on the calling thread, or else one of its own with a worker
//! thread per core, built at the first call. One session needs one worker: [`start`] builds
//! such a runtime on a thread of its own while the engine loads, and [`Pending::enter`] makes
//! it the calling thread's before the session starts.

use std::sync::OnceLock;
use std::thread::JoinHandle;

use tokio::runtime::Runtime;

/// The runtime, once entered: it lives as long as the process.
static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// A runtime being built.
pub struct Pending(Option<JoinHandle<std::io::Result<Runtime>>>);

/// Starts building the runtime.
pub fn start() -> Pending {
    let build = || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
    };
    Pending(
        std::thread::Builder::new()
            .name("mpsandbox-tokio".into())
            .spawn(build)
            .ok(),
    )
}

impl Pending {
    /// Waits for the runtime and enters it on this thread for the rest of the process. When
    /// it could not be built, nothing changes: wasmtime-wasi builds its own when needed.
    pub fn enter(self) {
        let Some(Ok(runtime)) = self.0.and_then(|thread| thread.join().ok()) else {
            return;
        };
        if RUNTIME.set(runtime).is_ok()
            && let Some(runtime) = RUNTIME.get()
        {
            // Left entered until the process exits (dropping the guard would leave it).
            std::mem::forget(runtime.enter());
        }
    }
}
