//! The live sessions of every client: keyed by client and session name, capped in number,
//! closed after an idle time.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mpsandbox::SessionBuilder;

use super::worker::Worker;

/// Who a session belongs to: one MCP connection (a stdio process, an HTTP MCP session), or
/// [`ClientId::SHARED`] for requests that carry no connection (stateless HTTP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientId(u64);

impl ClientId {
    /// The namespace of requests without a connection (the 2026-07-28 protocol over HTTP).
    pub const SHARED: ClientId = ClientId(0);

    /// A new, unique client.
    pub fn new() -> ClientId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ClientId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Limits on the sessions.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// At most this many live sessions, over all clients.
    pub max_sessions: usize,
    /// A session unused for this long is closed.
    pub idle_timeout: Duration,
}

/// How the session for a call was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// It was live already.
    Live,
    /// It was started for this call.
    New,
    /// It was started for this call because the one of that name had been closed after the
    /// idle time.
    Expired,
}

/// Why no session could be had.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The cap on live sessions is reached.
    #[error(
        "too many live sessions (the limit is {max}); reset a session you no longer need \
         (reset_session) or reuse one{yours}"
    )]
    TooMany {
        /// The cap.
        max: usize,
        /// The names of the caller's own live sessions, as a sentence tail.
        yours: String,
    },
    /// The session's thread could not start.
    #[error("cannot start a session: {0}")]
    Start(#[from] std::io::Error),
}

struct Entry {
    worker: Arc<Worker>,
    last_used: Instant,
}

#[derive(Default)]
struct Inner {
    live: HashMap<(ClientId, String), Entry>,
    /// Sessions closed after the idle time, until their name is used again.
    expired: HashSet<(ClientId, String)>,
}

/// Every live session.
pub struct Sessions {
    inner: Mutex<Inner>,
    policy: Policy,
    make: Box<dyn Fn() -> SessionBuilder + Send + Sync>,
}

impl Sessions {
    /// No sessions yet; `make` gives the builder of each new one.
    pub fn new(
        policy: Policy,
        make: impl Fn() -> SessionBuilder + Send + Sync + 'static,
    ) -> Sessions {
        Sessions {
            inner: Mutex::new(Inner::default()),
            policy,
            make: Box::new(make),
        }
    }

    /// The session `name` of `client`, started if it is not live.
    pub fn get(&self, client: ClientId, name: &str) -> Result<(Arc<Worker>, Found), SessionError> {
        let mut inner = self.lock();
        let key = (client, name.to_owned());
        if let Some(entry) = inner.live.get_mut(&key) {
            entry.last_used = Instant::now();
            return Ok((entry.worker.clone(), Found::Live));
        }
        if inner.live.len() >= self.policy.max_sessions {
            let mut names: Vec<&str> = inner
                .live
                .keys()
                .filter(|(owner, _)| *owner == client)
                .map(|(_, name)| name.as_str())
                .collect();
            names.sort_unstable();
            let yours = if names.is_empty() {
                String::new()
            } else {
                format!(" (yours: {})", names.join(", "))
            };
            return Err(SessionError::TooMany {
                max: self.policy.max_sessions,
                yours,
            });
        }
        let worker = Arc::new(Worker::start((self.make)(), name)?);
        let found = if inner.expired.remove(&key) {
            Found::Expired
        } else {
            Found::New
        };
        inner.live.insert(
            key,
            Entry {
                worker: worker.clone(),
                last_used: Instant::now(),
            },
        );
        Ok((worker, found))
    }

    /// Marks the session as used now (at the end of a call, so that idle time counts from
    /// then).
    pub fn touch(&self, client: ClientId, name: &str) {
        if let Some(entry) = self.lock().live.get_mut(&(client, name.to_owned())) {
            entry.last_used = Instant::now();
        }
    }

    /// Closes the session `name` of `client`; whether it was live.
    pub fn reset(&self, client: ClientId, name: &str) -> bool {
        let mut inner = self.lock();
        let key = (client, name.to_owned());
        inner.expired.remove(&key);
        inner.live.remove(&key).is_some()
    }

    /// Closes every session of `client` (its connection ended).
    pub fn drop_client(&self, client: ClientId) {
        let mut inner = self.lock();
        inner.live.retain(|(owner, _), _| *owner != client);
        inner.expired.retain(|(owner, _)| *owner != client);
    }

    /// Closes the sessions idle for longer than the idle time; returns how many.
    pub fn expire(&self) -> usize {
        let mut inner = self.lock();
        let now = Instant::now();
        let idle = self.policy.idle_timeout;
        let old: Vec<(ClientId, String)> = inner
            .live
            .iter()
            .filter(|(_, entry)| {
                !entry.worker.is_busy() && now.duration_since(entry.last_used) >= idle
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in &old {
            inner.live.remove(key);
            inner.expired.insert(key.clone());
        }
        old.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind: keep going with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}
