//! Configuring sessions: [`SessionBuilder`] collects settings, [`SessionTemplate`] holds them
//! checked, and starts any number of sessions from them.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::Session;
use crate::bytesize::ByteSize;
use crate::dirs::{self, DirAccess, DirGrant};
use crate::engine::Engine;
use crate::error::Error;
use crate::host_fn::{HostFn, HostFunctions};
use crate::http::{AllowEntry, HttpPolicy};
use crate::limits::{DEFAULT_GRACE, DEFAULT_MEMORY_LIMIT, RunLimits};
use crate::output::{DEFAULT_MAX_OUTPUT, OutputCallback, Stream};
use crate::quota::{DEFAULT_DISK_QUOTA_BYTES, DEFAULT_DISK_QUOTA_FILES};
use crate::snapshot::Snapshot;
use crate::store::StoreSettings;
use crate::value::Value;

/// A template without its engine, which an engine keeps as its default (holding the
/// template itself would be a reference cycle).
pub(crate) struct TemplateParts {
    settings: Arc<Settings>,
    warm: Arc<Warm>,
}

impl Engine {
    /// The engine's default template: default settings, made on first use and kept by the
    /// engine, so that getting it again costs a few reference counts. [`Engine::session`]
    /// starts its sessions; restoring a [`Snapshot`](crate::Snapshot) with default settings
    /// goes through it too.
    pub fn template(&self) -> Result<SessionTemplate, Error> {
        let cell = self.default_template_cell();
        let parts = match cell.get() {
            Some(parts) => parts,
            None => {
                let template = self.session_builder().template()?;
                // Another thread may have made one meanwhile: either serves.
                let _ = cell.set(TemplateParts {
                    settings: template.settings,
                    warm: template.warm,
                });
                cell.get().expect("just set")
            }
        };
        Ok(SessionTemplate {
            engine: self.clone(),
            settings: parts.settings.clone(),
            base: None,
            warm: parts.warm.clone(),
        })
    }

    /// Starts a session with the default settings (from the engine's default template,
    /// made on first use: see [`SessionTemplate::session`]).
    pub fn session(&self) -> Result<Session, Error> {
        self.template()?.session()
    }

    /// A builder for a session with other settings (limits, output, host functions, grants,
    /// network).
    pub fn session_builder(&self) -> SessionBuilder {
        SessionBuilder::new(self.clone())
    }
}

/// Configures and starts a [`Session`]; see [`Engine::session_builder`].
///
/// [`build`](Self::build) starts one session; [`template`](Self::template) checks the
/// settings once and gives a [`SessionTemplate`] that starts many.
pub struct SessionBuilder {
    engine: Engine,
    max_output: ByteSize,
    callback: Option<OutputCallback>,
    host_functions: HostFunctions,
    memory_limit: ByteSize,
    limits: RunLimits,
    grace: Duration,
    restart_lost: bool,
    seed: Option<u64>,
    dirs: Vec<DirGrant>,
    /// Bytes and names a session may add to its read-write grants.
    disk_quota: (u64, u64),
    http: HttpPolicy,
    /// The first invalid `allow_http` entry or root certificate, reported by `template`.
    invalid_http: Option<Error>,
    /// The first host function name Python cannot reach, reported by `template`.
    invalid_host_fn: Option<Error>,
    /// Code run once by `template`, whose state sessions start from.
    setup: Option<String>,
}

impl SessionBuilder {
    fn new(engine: Engine) -> SessionBuilder {
        SessionBuilder {
            engine,
            max_output: DEFAULT_MAX_OUTPUT,
            callback: None,
            host_functions: HostFunctions::default(),
            memory_limit: DEFAULT_MEMORY_LIMIT,
            limits: RunLimits::default(),
            grace: DEFAULT_GRACE,
            restart_lost: false,
            seed: None,
            dirs: Vec::new(),
            disk_quota: (DEFAULT_DISK_QUOTA_BYTES, DEFAULT_DISK_QUOTA_FILES),
            http: HttpPolicy::default(),
            invalid_http: None,
            invalid_host_fn: None,
            setup: None,
        }
    }

    /// Caps the guest's linear memory (default
    /// [`DEFAULT_MEMORY_LIMIT`](crate::DEFAULT_MEMORY_LIMIT), 256 MiB). Allocation past the
    /// cap raises `MemoryError` in Python, which code can catch; the session survives. The
    /// interpreter itself needs about 2 MiB: below
    /// [`MIN_MEMORY_LIMIT`](crate::MIN_MEMORY_LIMIT), [`template`](Self::template) fails with
    /// [`Error::MemoryLimitTooSmall`].
    pub fn memory_limit(mut self, bytes: impl Into<ByteSize>) -> SessionBuilder {
        self.memory_limit = bytes.into();
        self
    }

    /// The wall-clock timeout of each `exec`/`call` (default: none; [`Session::exec_with`]
    /// overrides it for one call). At the timeout, Python gets `KeyboardInterrupt` (a soft
    /// stop: the session survives, the call fails with [`Error::Limit`]); code still running
    /// [`grace`](Self::grace) later is trapped, and the session is lost.
    pub fn timeout(mut self, timeout: Duration) -> SessionBuilder {
        self.limits.timeout = Some(timeout);
        self
    }

    /// The fuel budget of each `exec`/`call` (default: none). Needs an engine that meters
    /// fuel ([`EngineBuilder::fuel`](crate::EngineBuilder::fuel)); otherwise it is ignored.
    /// Past the budget comes a soft stop as for [`timeout`](Self::timeout); past
    /// [`fuel_grace`](crate::fuel_grace) more, the hard stop.
    pub fn fuel(mut self, fuel: u64) -> SessionBuilder {
        self.limits.fuel = Some(fuel);
        self
    }

    /// The time between the soft and the hard stop of a timeout (default
    /// [`DEFAULT_GRACE`](crate::DEFAULT_GRACE), 200 ms).
    pub fn grace(mut self, grace: Duration) -> SessionBuilder {
        self.grace = grace;
        self
    }

    /// After the guest trapped, start a fresh interpreter at the next call instead of failing
    /// with [`Error::SessionLost`]. The result of that call says so (`run.restarted`). The
    /// session's state is gone, of course; its settings and host functions stay.
    pub fn restart_lost(mut self, restart: bool) -> SessionBuilder {
        self.restart_lost = restart;
        self
    }

    /// Deterministic mode: the same code with the same `seed` gives the same output.
    ///
    /// The guest's entropy (what seeds `random`) is derived
    /// from `seed` instead of the host's; the clocks are virtual: `time.time()` starts at
    /// [`DETERMINISTIC_EPOCH`](crate::DETERMINISTIC_EPOCH) (2024-01-01T00:00:00Z),
    /// `time.monotonic()` at 0, and both advance only by what the code sleeps for
    /// (`time.sleep` still waits for real, and counts against the timeout). Code that
    /// busy-waits for the clock to move therefore waits until its timeout.
    pub fn deterministic(mut self, seed: u64) -> SessionBuilder {
        self.seed = Some(seed);
        self
    }

    /// Grants the host directory `host` to the guest at `guest` (an absolute path such as
    /// `/data`), read-only or read-write: [`grant`](Self::grant) of a [`DirGrant::new`].
    pub fn dir(
        self,
        host: impl Into<std::path::PathBuf>,
        guest: impl Into<String>,
        access: DirAccess,
    ) -> SessionBuilder {
        self.grant(DirGrant::new(host, guest, access))
    }

    /// Grants a host directory to the guest (for example the CLI's parsed
    /// `HOST[:GUEST][:ro|:rw]`); repeatable.
    ///
    /// Python's `open`, `os.listdir`, `os.stat`, `os.mkdir`, `os.remove`, `os.rename` and
    /// `import` of `.py` files work inside grants; nothing else of the host's file system is
    /// visible. In a read-only grant every change raises `OSError` and the directory stays
    /// as it was; no path leads out of a grant (`..`, absolute paths and symbolic links are
    /// confined by wasmtime-wasi). [`template`](Self::template) and [`build`](Self::build)
    /// fail with [`Error::Grant`] when a guest path is not a plain absolute path, two guest
    /// paths overlap, a read-write grant contains a read-only one, a grant reaches the
    /// engine's compiled-code cache, or a host directory cannot be opened. The template opens
    /// each host directory once: its sessions and their restarts all get that directory.
    /// Special files in a grant (FIFOs, sockets, devices) cannot be opened (`EACCES`), and
    /// read-write grants have a [`disk_quota`](Self::disk_quota).
    pub fn grant(mut self, grant: DirGrant) -> SessionBuilder {
        self.dirs.push(grant);
        self
    }

    /// The disk quota of the session's read-write grants: how many bytes it may add to them
    /// and how many names (files, directories, links) it may create, counted from the
    /// session's start (what it deletes counts back). Defaults: 256 MiB
    /// ([`DEFAULT_DISK_QUOTA_BYTES`]) and 10,000 ([`DEFAULT_DISK_QUOTA_FILES`]). Past it the
    /// file operation fails as on a full disk (`OSError` `ENOSPC`); uncaught, the error is
    /// the limit ([`LimitKind::Disk`](crate::LimitKind::Disk) or
    /// [`LimitKind::Files`](crate::LimitKind::Files)).
    pub fn disk_quota(mut self, bytes: impl Into<ByteSize>, files: u64) -> SessionBuilder {
        self.disk_quota = (bytes.into().bytes(), files);
        self
    }

    /// Allows outbound HTTP (Python's `requests`) to `host[:port]`, over http or https.
    ///
    /// Repeatable; with no entry the session has no network. The host is a name (compared
    /// case-insensitively, without a trailing dot), an IPv4 address or a bracketed IPv6
    /// address; without a port, the default ports 80 and 443 are allowed. Every request and
    /// every redirect hop is checked on its URL's authority. A name that resolves to a
    /// loopback, private, link-local, unique-local, shared (CGNAT) or metadata address is
    /// refused unless that address itself is allowed (`127.0.0.1:8080`, say). A denied
    /// request raises a Python exception naming the host, and nothing is sent. An entry
    /// that is not a `host[:port]` makes [`build`](Self::build) fail with
    /// [`Error::InvalidAllowHttp`].
    pub fn allow_http(mut self, host: impl AsRef<str>) -> SessionBuilder {
        let entry = host.as_ref();
        match AllowEntry::parse(entry) {
            Ok(parsed) => self.http.allow.push(parsed),
            Err(reason) => {
                self.invalid_http.get_or_insert(Error::InvalidAllowHttp {
                    entry: entry.to_owned(),
                    reason,
                });
            }
        }
        self
    }

    /// Trusts the certificate authorities in `pem` (PEM text, one or more `CERTIFICATE`
    /// blocks) for https, besides the Mozilla roots: for servers with an internal CA or a
    /// self-signed certificate. Text without a certificate, or one that does not parse, makes
    /// [`build`](Self::build) fail with [`Error::InvalidCertificate`].
    pub fn http_root_certificates(mut self, pem: impl AsRef<[u8]>) -> SessionBuilder {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let parsed: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem.as_ref()).collect();
        let problem = match parsed {
            Ok(certs) if certs.is_empty() => Some("no CERTIFICATE block".to_owned()),
            Ok(certs) => {
                let mut store = rustls::RootCertStore::empty();
                let (_, rejected) = store.add_parsable_certificates(certs.iter().cloned());
                if rejected > 0 {
                    Some(format!("{rejected} certificate(s) do not parse"))
                } else {
                    self.http.extra_roots.extend(certs);
                    None
                }
            }
            Err(e) => Some(e.to_string()),
        };
        if let Some(reason) = problem {
            self.invalid_http
                .get_or_insert(Error::InvalidCertificate { reason });
        }
        self
    }

    /// The time one HTTP request may take, from connecting to the last byte of the body
    /// (default [`DEFAULT_HTTP_TIMEOUT`](crate::DEFAULT_HTTP_TIMEOUT), 30 s). Python's
    /// `timeout=` can only shorten it. Past it, Python gets `requests.exceptions.Timeout`.
    pub fn http_timeout(mut self, timeout: Duration) -> SessionBuilder {
        self.http.timeout = timeout;
        self
    }

    /// The largest HTTP response body the guest may receive (default
    /// [`DEFAULT_MAX_HTTP_RESPONSE`](crate::DEFAULT_MAX_HTTP_RESPONSE), 10 MiB). A larger
    /// one raises `requests.exceptions.ContentTooLarge` in Python.
    pub fn max_http_response(mut self, bytes: impl Into<ByteSize>) -> SessionBuilder {
        self.http.max_response = bytes.into().bytes();
        self
    }

    /// Bounds the output captured from each stream, per `exec`/`call` (default
    /// [`DEFAULT_MAX_OUTPUT`](crate::DEFAULT_MAX_OUTPUT), 1 MiB). Output past the bound is
    /// dropped and the result says it was truncated.
    pub fn max_output(mut self, bytes: impl Into<ByteSize>) -> SessionBuilder {
        self.max_output = bytes.into();
        self
    }

    /// Calls `callback` with each chunk of output as the guest produces it (only output within
    /// the bound of [`max_output`](Self::max_output)). It runs on the thread running the guest.
    /// The sessions of one [`SessionTemplate`] share it (one call at a time).
    pub fn on_output(
        mut self,
        callback: impl FnMut(Stream, &[u8]) + Send + 'static,
    ) -> SessionBuilder {
        self.callback = Some(Box::new(callback));
        self
    }

    /// Exposes `function` to Python as `host.<name>(*args, **kwargs)`.
    ///
    /// The function receives the positional and keyword arguments as [`Value`]s; an `Err`
    /// message is raised in Python as `host.HostError`, and so is a panic. A name Python
    /// cannot reach (`names`, `HostError`: the `host` module's own; a dunder name) makes
    /// [`template`](Self::template) fail with [`Error::InvalidHostFnName`].
    pub fn host_fn(
        mut self,
        name: impl Into<String>,
        function: impl Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String>
        + Send
        + Sync
        + 'static,
    ) -> SessionBuilder {
        let name = name.into();
        let reason = match name.as_str() {
            "names" | "HostError" => Some("the host module's own attribute"),
            n if n.starts_with("__") => Some("dunder names are never host functions"),
            _ => None,
        };
        if let Some(reason) = reason {
            self.invalid_host_fn
                .get_or_insert(Error::InvalidHostFnName { name, reason });
            return self;
        }
        let function: Arc<HostFn> = Arc::new(function);
        self.host_functions.insert(name, function);
        self
    }

    /// Setup code for the template's sessions (default: none): [`template`](Self::template)
    /// runs it once in a session and snapshots the result, and every session of the template
    /// starts from that state (imports done, helpers defined, data loaded) instead of a fresh
    /// interpreter. An error in it is the error of `template`.
    pub fn setup(mut self, code: impl Into<String>) -> SessionBuilder {
        self.setup = Some(code.into());
        self
    }

    /// Checks the settings once and makes the TLS configuration once: a template that starts
    /// sessions with them ([`SessionTemplate::session`]).
    ///
    /// Fails with [`Error::InvalidAllowHttp`], [`Error::InvalidCertificate`],
    /// [`Error::InvalidHostFnName`], [`Error::MemoryLimitTooSmall`] or [`Error::Grant`] (a
    /// guest path that is not a plain absolute path, or two that overlap).
    pub fn template(self) -> Result<SessionTemplate, Error> {
        if let Some(error) = self.invalid_http.or(self.invalid_host_fn) {
            return Err(error);
        }
        if self.memory_limit.as_usize() < crate::MIN_MEMORY_LIMIT {
            return Err(Error::MemoryLimitTooSmall {
                limit: self.memory_limit.as_usize(),
                minimum: crate::MIN_MEMORY_LIMIT,
            });
        }
        dirs::check(&self.dirs, &self.engine.protected_dirs())?;
        let dirs = Arc::new(dirs::open(self.dirs)?);
        let mut http = self.http;
        http.prepare()
            .map_err(|e| Error::runtime("cannot configure TLS", e))?;
        let callback = self.callback.map(|c| Arc::new(Mutex::new(c)));
        static TEMPLATES: AtomicU64 = AtomicU64::new(0);
        let template = SessionTemplate {
            engine: self.engine,
            base: None,
            warm: Arc::default(),
            settings: Arc::new(Settings {
                id: TEMPLATES.fetch_add(1, Ordering::Relaxed),
                store: StoreSettings {
                    memory_limit: self.memory_limit.as_usize(),
                    seed: self.seed,
                    dirs,
                    disk_quota: self.disk_quota,
                    http: Arc::new(http),
                    host_functions: Arc::new(self.host_functions),
                },
                limits: self.limits,
                grace: self.grace,
                restart_lost: self.restart_lost,
                max_output: self.max_output.as_usize(),
                callback,
            }),
        };
        match self.setup {
            None => Ok(template),
            Some(code) => template.with_setup(&code),
        }
    }

    /// Starts the session: a fresh interpreter ([`template`](Self::template), then
    /// [`SessionTemplate::session`]).
    pub fn build(self) -> Result<Session, Error> {
        self.template()?.session()
    }
}

/// A session's settings, checked once, that start any number of [`Session`]s.
///
/// Cloning is cheap (a reference count); it is `Send + Sync`. Every session started from it,
/// and every restart of a lost one, reuses the checked settings, the host functions and the
/// TLS configuration. Make one with [`SessionBuilder::template`].
///
/// ```no_run
/// let engine = mpsandbox::Engine::new()?;
/// let template = engine.session_builder().memory_limit(mpsandbox::ByteSize::mib(64)).template()?;
/// let mut a = template.session()?;
/// let mut b = template.session()?;
/// a.exec("x = 1")?;
/// assert!(b.exec("x").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SessionTemplate {
    engine: Engine,
    pub(super) settings: Arc<Settings>,
    /// The state sessions start from ([`SessionBuilder::setup`]), if not a fresh interpreter.
    base: Option<Snapshot>,
    /// Without setup code: how many sessions started and an idle interpreter's state, made
    /// at the second, that later ones start from (skipping the interpreter's start). The
    /// engine's default template's serves every template that is not deterministic.
    warm: Arc<Warm>,
}

/// A template's idle state, and how many sessions it has started.
#[derive(Default)]
struct Warm {
    sessions: AtomicU64,
    idle: OnceLock<Option<Snapshot>>,
}

/// What a template holds.
pub(super) struct Settings {
    /// Tells templates apart (snapshots remember the one that took them).
    pub id: u64,
    pub store: StoreSettings,
    pub limits: RunLimits,
    pub grace: Duration,
    pub restart_lost: bool,
    pub max_output: usize,
    pub callback: Option<Arc<Mutex<OutputCallback>>>,
}

impl Settings {
    /// The output callback of one session: the template's, shared.
    pub fn callback(&self) -> Option<OutputCallback> {
        let shared = self.callback.clone()?;
        Some(Box::new(move |stream, bytes| {
            let mut callback = shared.lock().unwrap_or_else(PoisonError::into_inner);
            callback(stream, bytes)
        }))
    }
}

impl SessionTemplate {
    /// Starts a session with these settings: a fresh interpreter, or the state of the
    /// template's setup code ([`SessionBuilder::setup`]).
    ///
    /// A fresh interpreter is, from the engine's second session on, an idle interpreter's
    /// snapshot restored, which skips the interpreter's start and its first exec's set-up:
    /// one idle state, made once, serves every template of the engine (each session gets
    /// its own template's grants, host functions and network, rebound), except deterministic
    /// templates ([`SessionBuilder::deterministic`]), which make their own from their
    /// second session on, so that their output does not depend on what else the process
    /// ran, and templates that have started 100 sessions, which make their own so that
    /// their sessions need no rebinding. The engine's first session (all a one-shot process
    /// needs) starts the interpreter.
    ///
    /// Fails with [`Error::Grant`] when a granted host directory cannot be opened, or
    /// [`Error::Runtime`] when the runtime cannot start an instance.
    pub fn session(&self) -> Result<Session, Error> {
        match self.base.as_ref().or_else(|| self.idle_state()) {
            Some(base) => Session::from_base(self.clone(), base),
            None => Session::start(self.clone()),
        }
    }

    /// The idle interpreter's state this template's sessions start from, once there is one:
    /// the engine's, or this template's own when it is deterministic.
    fn idle_state(&self) -> Option<&Snapshot> {
        if self.settings.store.seed.is_some() {
            return idle_of(&self.warm, || Some(self.clone()));
        }
        let parts = match self.engine.default_template_cell().get() {
            Some(parts) => parts,
            None => {
                self.engine.template().ok()?;
                self.engine.default_template_cell().get()?
            }
        };
        // A template with settings of its own (host functions, grants, limits) rebinds them
        // in every session it starts from the engine's idle state; once it has started
        // OWN_IDLE_AFTER, making an idle state of its own (which needs no rebinding) costs
        // less than rebinding from then on.
        if !Arc::ptr_eq(&parts.warm, &self.warm)
            && self.warm.sessions.fetch_add(1, Ordering::Relaxed) >= OWN_IDLE_AFTER
            && let Some(own) = self.warm.idle.get_or_init(|| idle_state_of(self.clone()))
        {
            return Some(own);
        }
        idle_of(&parts.warm, || self.engine.template().ok())
    }

    /// Starts a session from `snapshot`, with these settings: the snapshot's state, this
    /// template's capabilities (grants, HTTP allow-list, host functions) and limits.
    ///
    /// Fails with [`SnapshotError::OtherComponent`](crate::SnapshotError::OtherComponent) when another component took the
    /// snapshot, with [`Error::Limit`] when its memory exceeds this template's memory limit,
    /// and with [`SnapshotError::Rejected`](crate::SnapshotError::Rejected) when the guest refuses its layout.
    pub fn restore(&self, snapshot: &Snapshot) -> Result<Session, Error> {
        Session::restored(self.clone(), snapshot)
    }

    /// The state new sessions start from, when the template was made with
    /// [`SessionBuilder::setup`].
    pub fn base(&self) -> Option<&Snapshot> {
        self.base.as_ref()
    }

    /// This template with `code` run once: its sessions start from the state it leaves.
    fn with_setup(mut self, code: &str) -> Result<SessionTemplate, Error> {
        let mut session = Session::start(self.clone())?;
        session.exec(code).map_err(|e| e.error)?;
        // Collected once here, the setup's garbage is neither copied into every session nor
        // collected again by each.
        session
            .exec("__import__('gc').collect()")
            .map_err(|e| e.error)?;
        self.base = Some(session.snapshot()?);
        Ok(self)
    }

    /// The engine the sessions run on.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// How many sessions a template with settings of its own starts from the engine's idle state
/// before it makes one of its own (see `SessionTemplate::idle_state`): making one costs about
/// as much as rebinding capabilities in 100 sessions.
const OWN_IDLE_AFTER: u64 = 100;

/// The idle state of `warm`, made once from a session of `template()` at its second session:
/// none before (the first session starts the interpreter itself).
fn idle_of(warm: &Warm, template: impl FnOnce() -> Option<SessionTemplate>) -> Option<&Snapshot> {
    if warm.sessions.fetch_add(1, Ordering::Relaxed) == 0 {
        return None;
    }
    warm.idle
        .get_or_init(|| idle_state_of(template()?))
        .as_ref()
}

/// The state of an idle interpreter of `template`, after its first exec.
fn idle_state_of(template: SessionTemplate) -> Option<Snapshot> {
    let mut session = Session::start(template).ok()?;
    // The first exec measures the C stack's depth at top level (main.c); done here,
    // sessions that start from this state skip it. It collects its own garbage,
    // which would otherwise be copied into every session.
    session.exec("__import__('gc').collect()").ok()?;
    session.snapshot().ok()
}

impl fmt::Debug for SessionTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("SessionTemplate")
            .field("memory_limit", &s.store.memory_limit)
            .field("limits", &s.limits)
            .field("grace", &s.grace)
            .field("restart_lost", &s.restart_lost)
            .field("deterministic", &s.store.seed.is_some())
            .field("dirs", &s.store.dirs)
            .field("max_output", &s.max_output)
            .finish_non_exhaustive()
    }
}
