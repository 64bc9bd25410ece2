//! Sessions: one live MicroPython interpreter each.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{Store, StoreContextMut, UpdateDeadline};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::Sandbox;
use crate::bindings::mpsandbox::sandbox::types::{self, Error as WireError, Value as WireValue};
use crate::deterministic::{self, VirtualTime};
use crate::dirs::{self, DirAccess, DirGrant};
use crate::engine::{Engine, HOST_STACK_MARGIN};
use crate::error::{Error, Exception, ExecError, SyntaxError};
use crate::host_fn::{HostFn, HostFunctions};
use crate::http::{AllowEntry, Http, HttpPolicy};
use crate::limits::{
    DEFAULT_GRACE, DEFAULT_MEMORY_LIMIT, LimitHit, LimitKind, MemoryLimiter, RunLimits, RunState,
    Usage,
};
use crate::output::{Capture, Captured, DEFAULT_MAX_OUTPUT, OutputCallback, Stream};
use crate::stack;
use crate::value::{Value, nodes};

/// The data of a session's wasmtime store.
pub(crate) struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) host_functions: Arc<HostFunctions>,
    limiter: MemoryLimiter,
    run: RunState,
    /// In deterministic mode: the session's virtual time, which sleeps advance.
    pub(crate) virtual_time: Option<Arc<VirtualTime>>,
    http: Http,
}

impl State {
    /// The resource table and the HTTP state, borrowed together (see `http/mod.rs`).
    pub(crate) fn table_and_http(&mut self) -> (&mut ResourceTable, &mut Http) {
        (&mut self.table, &mut self.http)
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl types::Host for State {}

/// Links the WIT import `control` (`should-stop`), by hand: it needs the store's fuel.
pub(crate) fn add_control_to_linker(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    let mut control = linker.instance("mpsandbox:sandbox/control@0.1.0")?;
    control.func_wrap(
        "should-stop",
        |mut store: StoreContextMut<'_, State>, (): ()| -> wasmtime::Result<(bool,)> {
            let fuel_left = store.get_fuel().ok();
            Ok((store.data_mut().run.should_stop(fuel_left),))
        },
    )
}

/// The epoch callback: interrupts the guest once the hard deadline has passed.
fn epoch_callback(mut store: StoreContextMut<'_, State>) -> wasmtime::Result<UpdateDeadline> {
    let run = &mut store.data_mut().run;
    match run.hard_deadline {
        Some(deadline) if Instant::now() >= deadline => {
            run.hard_stopped = true;
            Ok(UpdateDeadline::Interrupt)
        }
        Some(_) => Ok(UpdateDeadline::Continue(1)),
        None => Ok(UpdateDeadline::Continue(NO_DEADLINE)),
    }
}

/// Epoch ticks that never come: the deadline of calls without a timeout.
const NO_DEADLINE: u64 = 1 << 62;

/// Fuel that never runs out: what calls without a budget get.
const NO_FUEL_LIMIT: u64 = 1 << 62;

/// The result of a successful [`Session::exec`].
#[derive(Clone, Debug, PartialEq)]
pub struct ExecOutput {
    /// When the last statement is an expression: its value, if it has a value form.
    ///
    /// `None` when the last statement is not an expression, or when its value does not
    /// convert (a function, say: `repr` still describes it). An expression whose value is
    /// Python's `None` gives `Some(Value::None)`.
    pub value: Option<Value>,
    /// When the last statement is an expression: its `repr` text.
    pub repr: Option<String>,
    /// What the code wrote to `sys.stdout` (bytes that are not UTF-8 read as U+FFFD).
    pub stdout: String,
    /// What the code wrote to `sys.stderr` (bytes that are not UTF-8 read as U+FFFD).
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
    /// What the call used.
    pub usage: Usage,
    /// When the session had been lost and restarted a fresh interpreter for this call
    /// ([`SessionBuilder::restart_lost`]): why it had been lost.
    pub restarted: Option<String>,
}

/// The result of a successful [`Session::call`].
#[derive(Clone, Debug, PartialEq)]
pub struct CallOutput {
    /// What the function returned.
    pub value: Value,
    /// What the call wrote to `sys.stdout`.
    pub stdout: String,
    /// What the call wrote to `sys.stderr`.
    pub stderr: String,
    /// Whether `stdout` was cut at the session's output limit.
    pub stdout_truncated: bool,
    /// Whether `stderr` was cut at the session's output limit.
    pub stderr_truncated: bool,
    /// What the call used.
    pub usage: Usage,
    /// When the session had been lost and restarted a fresh interpreter for this call
    /// ([`SessionBuilder::restart_lost`]): why it had been lost.
    pub restarted: Option<String>,
}

/// Configures and starts a [`Session`]; see [`Engine::session_builder`].
pub struct SessionBuilder {
    engine: Engine,
    max_output: usize,
    callback: Option<OutputCallback>,
    host_functions: HostFunctions,
    config: Config,
    /// The first invalid `allow_http` entry or root certificate, reported by `build`.
    invalid_http: Option<Error>,
}

/// A session's settings that outlive its builder (a restart needs them).
#[derive(Clone, Debug)]
struct Config {
    memory_limit: usize,
    limits: RunLimits,
    grace: Duration,
    restart_lost: bool,
    seed: Option<u64>,
    dirs: Vec<DirGrant>,
    http: Arc<HttpPolicy>,
}

impl SessionBuilder {
    pub(crate) fn new(engine: Engine) -> SessionBuilder {
        SessionBuilder {
            engine,
            max_output: DEFAULT_MAX_OUTPUT,
            callback: None,
            host_functions: HostFunctions::default(),
            config: Config {
                memory_limit: DEFAULT_MEMORY_LIMIT,
                limits: RunLimits::default(),
                grace: DEFAULT_GRACE,
                restart_lost: false,
                seed: None,
                dirs: Vec::new(),
                http: Arc::default(),
            },
            invalid_http: None,
        }
    }

    /// Caps the guest's linear memory at `bytes` (default
    /// [`DEFAULT_MEMORY_LIMIT`](crate::DEFAULT_MEMORY_LIMIT), 256 MiB). Allocation past the
    /// cap raises `MemoryError` in Python, which code can catch; the session survives. The
    /// interpreter itself needs about 2 MiB.
    pub fn memory_limit(mut self, bytes: usize) -> SessionBuilder {
        self.config.memory_limit = bytes;
        self
    }

    /// The wall-clock timeout of each `exec`/`call` (default: none; [`Session::exec_with`]
    /// overrides it for one call). At the timeout, Python gets `KeyboardInterrupt` (a soft
    /// stop: the session survives, the call fails with [`Error::Limit`]); code still running
    /// [`grace`](Self::grace) later is trapped, and the session is lost.
    pub fn timeout(mut self, timeout: Duration) -> SessionBuilder {
        self.config.limits.timeout = Some(timeout);
        self
    }

    /// The fuel budget of each `exec`/`call` (default: none). Needs an engine that meters
    /// fuel ([`EngineBuilder::fuel`](crate::EngineBuilder::fuel)); otherwise it is ignored.
    /// Past the budget comes a soft stop as for [`timeout`](Self::timeout); past
    /// [`fuel_grace`](crate::fuel_grace) more, the hard stop.
    pub fn fuel(mut self, fuel: u64) -> SessionBuilder {
        self.config.limits.fuel = Some(fuel);
        self
    }

    /// The time between the soft and the hard stop of a timeout (default
    /// [`DEFAULT_GRACE`](crate::DEFAULT_GRACE), 200 ms).
    pub fn grace(mut self, grace: Duration) -> SessionBuilder {
        self.config.grace = grace;
        self
    }

    /// After the guest trapped, start a fresh interpreter at the next call instead of failing
    /// with [`Error::SessionLost`]. The result of that call says so (`restarted`). The
    /// session's state is gone, of course; its settings and host functions stay.
    pub fn restart_lost(mut self, restart: bool) -> SessionBuilder {
        self.config.restart_lost = restart;
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
        self.config.seed = Some(seed);
        self
    }

    /// Grants the host directory `host` to the guest at `guest` (an absolute path such as
    /// `/data`), read-only or read-write.
    ///
    /// Python's `open`, `os.listdir`, `os.stat`, `os.mkdir`, `os.remove`, `os.rename` and
    /// `import` of `.py` files work inside grants; nothing else of the host's file system is
    /// visible. In a read-only grant every change raises `OSError` and the directory stays
    /// as it was; no path leads out of a grant (`..`, absolute paths and symbolic links are
    /// confined by wasmtime-wasi). [`build`](Self::build) fails with [`Error::Grant`] when a
    /// guest path is not a plain absolute path, two guest paths overlap, or the host
    /// directory cannot be opened.
    pub fn dir(
        mut self,
        host: impl Into<std::path::PathBuf>,
        guest: impl Into<String>,
        access: DirAccess,
    ) -> SessionBuilder {
        self.config.dirs.push(DirGrant::new(host, guest, access));
        self
    }

    /// Grants a directory as [`dir`](Self::dir) does, from a parsed [`DirGrant`] (for
    /// example the CLI's `HOST[:GUEST][:ro|:rw]`).
    pub fn grant(mut self, grant: DirGrant) -> SessionBuilder {
        self.config.dirs.push(grant);
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
            Ok(parsed) => Arc::make_mut(&mut self.config.http).allow.push(parsed),
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
                    Arc::make_mut(&mut self.config.http)
                        .extra_roots
                        .extend(certs);
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
        Arc::make_mut(&mut self.config.http).timeout = timeout;
        self
    }

    /// The largest HTTP response body the guest may receive, in bytes (default
    /// [`DEFAULT_MAX_HTTP_RESPONSE`](crate::DEFAULT_MAX_HTTP_RESPONSE), 10 MiB). A larger
    /// one raises `requests.exceptions.ContentTooLarge` in Python.
    pub fn max_http_response(mut self, bytes: u64) -> SessionBuilder {
        Arc::make_mut(&mut self.config.http).max_response = bytes;
        self
    }

    /// Bounds the output captured from each stream, per `exec`/`call`, to `bytes` (default
    /// 1 MiB). Output past the bound is dropped and the result says it was truncated.
    pub fn max_output(mut self, bytes: usize) -> SessionBuilder {
        self.max_output = bytes;
        self
    }

    /// Calls `callback` with each chunk of output as the guest produces it (only output within
    /// the bound of [`max_output`](Self::max_output)). It runs on the thread running the guest.
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
    /// message is raised in Python as `host.HostError`, and so is a panic.
    pub fn host_fn(
        mut self,
        name: impl Into<String>,
        function: impl Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String>
        + Send
        + Sync
        + 'static,
    ) -> SessionBuilder {
        let function: Arc<HostFn> = Arc::new(function);
        self.host_functions.insert(name.into(), function);
        self
    }

    /// Starts the session: a fresh interpreter.
    pub fn build(self) -> Result<Session, Error> {
        if let Some(error) = self.invalid_http {
            return Err(error);
        }
        let capture = Capture::new(self.max_output, self.callback);
        let host_functions = Arc::new(self.host_functions);
        let (store, guest) = instantiate(&self.engine, &capture, &host_functions, &self.config)?;
        Ok(Session {
            store,
            guest,
            capture,
            lost: None,
            max_wasm_stack: self.engine.max_wasm_stack(),
            engine: self.engine,
            host_functions,
            config: self.config,
        })
    }
}

/// A fresh interpreter: a new store and instance.
fn instantiate(
    engine: &Engine,
    capture: &Capture,
    host_functions: &Arc<HostFunctions>,
    config: &Config,
) -> Result<(Store<State>, Sandbox), Error> {
    // No arguments, no environment variables, no network, no files but those granted:
    // nothing is ambient.
    let mut wasi = WasiCtx::builder();
    wasi.stdout(capture.stream(Stream::Stdout))
        .stderr(capture.stream(Stream::Stderr));
    dirs::preopen(&mut wasi, &config.dirs)?;
    let virtual_time = config
        .seed
        .map(|seed| deterministic::configure(&mut wasi, seed));
    let wasi = wasi.build();
    let state = State {
        wasi,
        table: ResourceTable::new(),
        host_functions: host_functions.clone(),
        limiter: MemoryLimiter::new(config.memory_limit),
        run: RunState::idle(),
        virtual_time,
        http: Http::new(config.http.clone()),
    };
    let (mut store, guest) = engine.instantiate(state)?;
    store.data_mut().limiter.instantiated();
    Ok((store, guest))
}

/// A new store for a session, on the wasmtime engine `engine`, with the session's limits
/// hooked in; `fuel` says whether the engine meters fuel.
pub(crate) fn new_store(
    engine: &wasmtime::Engine,
    state: State,
    fuel: bool,
) -> Result<Store<State>, Error> {
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.limiter);
    store.epoch_deadline_callback(epoch_callback);
    store.set_epoch_deadline(NO_DEADLINE);
    if fuel {
        store
            .set_fuel(NO_FUEL_LIMIT)
            .map_err(|e| Error::runtime("cannot set fuel", e))?;
    }
    Ok(store)
}

/// One live MicroPython interpreter.
///
/// Variables, functions, classes, imports and live objects persist from one
/// [`exec`](Session::exec) or [`call`](Session::call) to the next. Sessions are independent
/// of each other. Python errors leave the session usable; if the guest traps (its state could
/// be inconsistent), the session is lost and says so on every later call.
pub struct Session {
    store: Store<State>,
    guest: Sandbox,
    capture: Capture,
    lost: Option<(String, Option<LimitHit>)>,
    max_wasm_stack: usize,
    engine: Engine,
    host_functions: Arc<HostFunctions>,
    config: Config,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("lost", &self.lost)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Runs Python statements in the session's global namespace, like a notebook cell.
    ///
    /// When the last statement is an expression, its value and `repr` are returned too.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the output of the failed call by value, as a result does"
    )]
    pub fn exec(&mut self, code: &str) -> Result<ExecOutput, ExecError> {
        self.exec_with(code, self.config.limits)
    }

    /// [`exec`](Self::exec) with other time and fuel limits than the session's.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the output of the failed call by value, as a result does"
    )]
    pub fn exec_with(&mut self, code: &str, limits: RunLimits) -> Result<ExecOutput, ExecError> {
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_session().call_exec(store, code)
        });
        let (stdout, stderr) = self.capture.take();
        let result = outcome.and_then(|r| {
            self.python_result(r, Some(code), &meta)
                .and_then(|r| Ok((r.value.map(nodes::decode).transpose()?, r.repr)))
        });
        match result {
            Ok((value, repr)) => Ok(ExecOutput {
                value,
                repr,
                stdout: stdout.text,
                stderr: stderr.text,
                stdout_truncated: stdout.truncated,
                stderr_truncated: stderr.truncated,
                usage: meta.usage,
                restarted: meta.restarted,
            }),
            Err(error) => Err(exec_error(error, stdout, stderr, meta)),
        }
    }

    /// Calls the global callable `name` with positional and keyword arguments, and returns
    /// its result.
    ///
    /// A result that has no value form is a `TypeError` exception naming its type.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the output of the failed call by value, as a result does"
    )]
    pub fn call(
        &mut self,
        name: &str,
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> Result<CallOutput, ExecError> {
        self.call_with(name, args, kwargs, self.config.limits)
    }

    /// [`call`](Self::call) with other time and fuel limits than the session's.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the output of the failed call by value, as a result does"
    )]
    pub fn call_with(
        &mut self,
        name: &str,
        args: &[Value],
        kwargs: &[(&str, Value)],
        limits: RunLimits,
    ) -> Result<CallOutput, ExecError> {
        let encoded = (|| -> Result<_, Error> {
            let args = args
                .iter()
                .map(nodes::encode)
                .collect::<Result<Vec<_>, _>>()?;
            let kwargs = kwargs
                .iter()
                .map(|(key, value)| Ok(((*key).to_owned(), nodes::encode(value)?)))
                .collect::<Result<Vec<_>, crate::ValueError>>()?;
            Ok((args, kwargs))
        })();
        let (args, kwargs): (Vec<WireValue>, Vec<(String, WireValue)>) =
            encoded.map_err(ExecError::bare)?;
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest
                .mpsandbox_sandbox_session()
                .call_call(store, name, &args, &kwargs)
        });
        let (stdout, stderr) = self.capture.take();
        let result = outcome.and_then(|r| {
            self.python_result(r, None, &meta)
                .and_then(|v| Ok(nodes::decode(v)?))
        });
        match result {
            Ok(value) => Ok(CallOutput {
                value,
                stdout: stdout.text,
                stderr: stderr.text,
                stdout_truncated: stdout.truncated,
                stderr_truncated: stderr.truncated,
                usage: meta.usage,
                restarted: meta.restarted,
            }),
            Err(error) => Err(exec_error(error, stdout, stderr, meta)),
        }
    }

    /// Whether the session's interpreter took its memory from the engine's pool
    /// ([`EngineBuilder::pool_size`](crate::EngineBuilder::pool_size)); false when it
    /// started on demand because the pool was full (or off).
    pub fn is_pooled(&self) -> bool {
        self.engine.is_pool_of(self.store.engine())
    }

    /// Why the session is lost, if it is.
    pub fn lost(&self) -> Option<&str> {
        self.lost.as_ref().map(|(reason, _)| reason.as_str())
    }

    /// The guest's result as this crate's: a Python error, or a limit that stopped the code.
    fn python_result<T>(
        &self,
        result: Result<T, WireError>,
        code: Option<&str>,
        meta: &CallMeta,
    ) -> Result<T, Error> {
        let exception = match result {
            Ok(value) if meta.stop.is_none() => return Ok(value),
            Ok(_) => None,
            Err(e) => match python_error(e, code) {
                Error::Exception(e) => Some(e),
                other if meta.stop.is_none() => return Err(other),
                _ => None,
            },
        };
        let hit = match meta.stop {
            Some(hit) => hit,
            None => match (&exception, meta.memory_refused) {
                (Some(e), Some(requested)) if e.type_name == "MemoryError" => LimitHit {
                    kind: LimitKind::Memory,
                    limit: self.config.memory_limit as u64,
                    used: requested as u64,
                },
                _ => {
                    return Err(Error::Exception(
                        exception.expect("an exception when no limit was hit"),
                    ));
                }
            },
        };
        Err(Error::Limit { hit, exception })
    }

    /// Runs one guest call under `limits` on a native stack large enough for the guest's wasm
    /// stack, restarts a lost interpreter first if the session does that, and marks the
    /// session lost if the guest traps.
    fn enter<T: Send>(
        &mut self,
        limits: RunLimits,
        call: impl FnOnce(&mut Session) -> wasmtime::Result<T> + Send,
    ) -> (Result<T, Error>, CallMeta) {
        let start = Instant::now();
        let mut meta = CallMeta::default();
        if let Some((reason, limit)) = &self.lost {
            if !self.config.restart_lost {
                let error = Error::SessionLost {
                    reason: reason.clone(),
                    limit: *limit,
                };
                return (Err(error), meta);
            }
            match instantiate(
                &self.engine,
                &self.capture,
                &self.host_functions,
                &self.config,
            ) {
                Ok((store, guest)) => {
                    self.store = store;
                    self.guest = guest;
                    meta.restarted = self.lost.take().map(|(reason, _)| reason);
                }
                Err(error) => return (Err(error), meta),
            }
        }
        self.capture.reset();

        let fuel = self.engine.meters_fuel().then_some(limits.fuel).flatten();
        let fuel_start = fuel.map_or(NO_FUEL_LIMIT, |budget| budget + crate::fuel_grace(budget));
        if self.engine.meters_fuel() {
            // Cannot fail: the engine meters fuel.
            let _ = self.store.set_fuel(fuel_start);
        }
        let data = self.store.data_mut();
        data.limiter.refused = None;
        data.run = RunState {
            start,
            timeout: limits.timeout,
            hard_deadline: limits
                .timeout
                .map(|t| start + t.saturating_add(self.config.grace)),
            fuel_budget: fuel,
            fuel_start: Some(fuel_start),
            stop: None,
            hard_stopped: false,
        };
        let _ticking = limits.timeout.map(|_| {
            self.store.set_epoch_deadline(1);
            self.engine
                .ticker(self.store.engine())
                .start(self.store.engine())
        });
        if limits.timeout.is_none() {
            self.store.set_epoch_deadline(NO_DEADLINE);
        }

        let needed = self.max_wasm_stack + HOST_STACK_MARGIN;
        let result = stack::run(needed, HOST_STACK_MARGIN, || call(self));

        let fuel_used = self
            .engine
            .meters_fuel()
            .then(|| fuel_start.saturating_sub(self.store.get_fuel().unwrap_or(0)));
        let elapsed = start.elapsed();
        let data = self.store.data_mut();
        let run = std::mem::replace(&mut data.run, RunState::idle());
        meta.memory_refused = data.limiter.refused;
        meta.usage = Usage {
            wall: elapsed,
            fuel: fuel_used,
            memory: data.limiter.peak,
        };
        let time_hit = |run: &RunState| LimitHit {
            kind: LimitKind::Time,
            limit: run.timeout.map_or(0, |t| t.as_millis() as u64),
            used: elapsed.as_millis() as u64,
        };
        let fuel_hit = || LimitHit {
            kind: LimitKind::Fuel,
            limit: fuel.unwrap_or(0),
            used: fuel_used.unwrap_or(0),
        };
        meta.stop = run.stop.map(|kind| match kind {
            LimitKind::Time => time_hit(&run),
            _ => fuel_hit(),
        });
        let result = match result {
            Ok(result) => result,
            Err(error) => return (Err(error), meta),
        };
        let result = result.map_err(|error| {
            // A trap leaves the instance unusable ("cannot enter component instance"), and
            // the interpreter's state possibly inconsistent: the session is lost for good.
            let trap = error.downcast_ref::<wasmtime::Trap>().copied();
            let (reason, limit) = match trap {
                _ if run.hard_stopped => {
                    let hit = time_hit(&run);
                    let grace = self.config.grace.as_millis();
                    (
                        format!(
                            "{hit}, and the code did not stop within the {grace} ms grace period"
                        ),
                        Some(hit),
                    )
                }
                Some(wasmtime::Trap::OutOfFuel) if fuel.is_some() => {
                    let hit = fuel_hit();
                    (
                        format!(
                            "{hit}, and the code did not stop within the grace of {} more",
                            crate::fuel_grace(hit.limit)
                        ),
                        Some(hit),
                    )
                }
                Some(wasmtime::Trap::StackOverflow) => {
                    let bytes = self.max_wasm_stack as u64;
                    let hit = LimitHit {
                        kind: LimitKind::Stack,
                        limit: bytes,
                        used: bytes,
                    };
                    let trap = wasmtime::Trap::StackOverflow;
                    (format!("stack exhausted: {hit} ({trap})"), Some(hit))
                }
                _ => (trap_reason(&error), None),
            };
            self.lost = Some((reason.clone(), limit));
            Error::SessionLost { reason, limit }
        });
        (result, meta)
    }
}

/// What [`Session::enter`] reports besides the guest's result.
#[derive(Debug, Default)]
struct CallMeta {
    usage: Usage,
    restarted: Option<String>,
    /// The soft stop that was requested, if any.
    stop: Option<LimitHit>,
    /// The largest memory size a refused growth asked for, if the cap refused one.
    memory_refused: Option<usize>,
}

/// Describes why a guest call failed: the trap, or the runtime's message.
fn trap_reason(error: &wasmtime::Error) -> String {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{error:#}"),
    }
}

/// The typed error for a Python error reported by the guest. `code` is the submitted code, for
/// the text of a syntax error's line.
fn python_error(error: WireError, code: Option<&str>) -> Error {
    match error {
        WireError::Syntax(e) => {
            let text = code.and_then(|code| {
                code.lines()
                    .nth((e.line as usize).checked_sub(1)?)
                    .map(str::to_owned)
            });
            Error::Syntax(Box::new(SyntaxError {
                type_name: e.type_name,
                message: e.message,
                line: e.line,
                column: e.column,
                text,
            }))
        }
        WireError::Exception(e) => Error::Exception(Box::new(Exception {
            type_name: e.type_name,
            message: e.message,
            traceback: e.traceback,
        })),
        WireError::Exit(code) => Error::Exit(code),
    }
}

fn exec_error(error: Error, stdout: Captured, stderr: Captured, meta: CallMeta) -> ExecError {
    ExecError {
        error,
        stdout: stdout.text,
        stderr: stderr.text,
        stdout_truncated: stdout.truncated,
        stderr_truncated: stderr.truncated,
        usage: meta.usage,
        restarted: meta.restarted,
    }
}
