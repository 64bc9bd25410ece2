//! A session on a thread of its own.
//!
//! Guest code never runs on the async runtime's threads: each session owns an OS thread that
//! takes calls from a channel, one at a time, and answers through a oneshot channel. A
//! runaway call therefore blocks only its own session; other sessions and the server's
//! answers to other requests go on.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use mpsandbox::{ExecError, ExecOutput, SessionBuilder};
use tokio::sync::oneshot;

/// What one `exec` gave.
pub type ExecResult = Result<ExecOutput, ExecError>;

/// One call for the session's thread.
struct Job {
    code: String,
    reply: oneshot::Sender<Result<ExecResult, Unavailable>>,
}

/// A handle on a session running on its own thread; dropping it ends the thread once the
/// call in progress (if any) returns.
pub struct Worker {
    jobs: mpsc::Sender<Job>,
    /// Calls sent and not yet answered.
    pending: Arc<AtomicUsize>,
}

/// Why a session could not run a call: it could not start, or its thread ended without
/// answering (it panicked).
#[derive(Debug)]
pub struct Unavailable(pub String);

impl Worker {
    /// Starts a thread that builds the session from `builder` and then runs the calls sent to
    /// it. A session that cannot be built answers every call with that error.
    pub fn start(builder: SessionBuilder, name: &str) -> std::io::Result<Worker> {
        let (jobs, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(format!("session {name}"))
            .spawn(move || {
                let mut session = builder.build();
                for job in receiver {
                    let result = match &mut session {
                        Ok(session) => Ok(session.exec(&job.code)),
                        Err(error) => {
                            Err(Unavailable(format!("the session could not start: {error}")))
                        }
                    };
                    // The request may have been cancelled: nobody waits for the answer then.
                    let _ = job.reply.send(result);
                }
            })?;
        Ok(Worker {
            jobs,
            pending: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Runs `code` in the session and waits (asynchronously) for its result.
    pub async fn exec(&self, code: String) -> Result<ExecResult, Unavailable> {
        let (reply, answer) = oneshot::channel();
        self.pending.fetch_add(1, Ordering::SeqCst);
        let _done = Pending(&self.pending);
        let gone = || Unavailable("the session's thread ended unexpectedly".to_owned());
        self.jobs.send(Job { code, reply }).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Whether a call is running or waiting.
    pub fn is_busy(&self) -> bool {
        self.pending.load(Ordering::SeqCst) > 0
    }
}

/// Counts a call as answered when dropped (also when the waiting request is cancelled).
struct Pending<'a>(&'a AtomicUsize);

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
