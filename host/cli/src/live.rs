//! The guest's live output, written to the terminal by a thread of its own.
//!
//! The library calls the output callback on the thread running the guest. Writing to a
//! stdout whose reader has stalled would block there, inside the guest's run, where neither
//! the soft nor the hard stop can act (#11 item 19: a stalled consumer stretched a 1 s timeout
//! to 8 s and was reported as a lost session). So the callback only queues; a writer thread
//! writes during the run. The queue holds at most the output limit per stream per snippet
//! (the library passes on nothing past it).
//!
//! [`LiveOutput::flush`], between snippets, writes what the writer has not taken yet on the
//! calling thread, in order, after the writer's write in progress if there is one: the CLI's
//! own messages come after the output they follow, and a short run's output costs no wait
//! for the writer thread to be scheduled (a millisecond or more on a busy machine).

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use mpsandbox::Stream;

/// The queue the callback fills and the writer and [`LiveOutput::flush`] empty.
#[derive(Default)]
struct Queue {
    chunks: VecDeque<(Stream, Vec<u8>)>,
    /// The writer is writing a chunk it took.
    writing: bool,
    /// `flush` is emptying the queue: the writer takes nothing meanwhile.
    draining: bool,
    /// The [`LiveOutput`] is gone: the writer ends once the queue is empty.
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// A chunk was queued, or draining ended.
    queued: Condvar,
    /// The writer finished a write.
    written: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The queue of the guest's output and its writer thread.
pub struct LiveOutput {
    shared: Arc<Shared>,
}

impl LiveOutput {
    /// Starts the writer thread. Without one (none could be started), output waits in the
    /// queue until the next [`flush`](Self::flush).
    pub fn start() -> LiveOutput {
        let shared = Arc::new(Shared::default());
        let writer = shared.clone();
        let _ = std::thread::Builder::new()
            .name("mpsandbox-output".into())
            .spawn(move || write_queued(&writer));
        LiveOutput { shared }
    }

    /// The callback for `SessionBuilder::on_output`: queues the bytes, never blocks on the
    /// output itself.
    pub fn callback(&self) -> impl FnMut(Stream, &[u8]) + Send + 'static {
        let shared = self.shared.clone();
        move |stream, bytes| {
            shared.lock().chunks.push_back((stream, bytes.to_vec()));
            shared.queued.notify_one();
        }
    }

    /// Writes everything queued so far, after the writer's write in progress.
    pub fn flush(&self) {
        let shared = &self.shared;
        let mut queue = shared.lock();
        queue.draining = true;
        while queue.writing {
            queue = shared
                .written
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let chunks = std::mem::take(&mut queue.chunks);
        drop(queue);
        for (stream, bytes) in chunks {
            write(stream, &bytes);
        }
        let _ = std::io::stdout().lock().flush();
        shared.lock().draining = false;
        shared.queued.notify_one();
    }
}

impl Drop for LiveOutput {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.queued.notify_one();
    }
}

/// The writer thread: writes chunks as they are queued, until the [`LiveOutput`] is gone and
/// the queue is empty.
fn write_queued(shared: &Shared) {
    let mut queue = shared.lock();
    loop {
        let next = if queue.draining {
            None
        } else {
            queue.chunks.pop_front()
        };
        let Some((stream, bytes)) = next else {
            if queue.closed && !queue.draining {
                return;
            }
            queue = shared
                .queued
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        queue.writing = true;
        drop(queue);
        write(stream, &bytes);
        queue = shared.lock();
        queue.writing = false;
        shared.written.notify_all();
    }
}

/// Writes one chunk. A closed pipe is not the guest's problem: its output is dropped then.
fn write(stream: Stream, bytes: &[u8]) {
    match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(bytes).and_then(|()| out.flush());
        }
        Stream::Stderr => {
            let _ = std::io::stderr().lock().write_all(bytes);
        }
    }
}
