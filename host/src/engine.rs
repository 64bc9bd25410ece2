//! The engine: the compiled component, ready to start sessions.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use wasmtime::Store;
use wasmtime::component::{Component, Linker};

use crate::bindings::{Sandbox, SandboxPre};
use crate::bytesize::ByteSize;
use crate::cache::{self, CacheSetting, CacheStatus};
use crate::error::Error;
use crate::limits::Ticker;
use crate::pool::{self, DEFAULT_POOL_SIZE};
use crate::session::TemplateParts;
use crate::store::{self, State};

/// The default limit on the guest's wasm stack: 8 MiB.
///
/// MicroPython's own recursion limit raises `RecursionError` well before it (at 256 KiB of C
/// stack); the rest serves paths that recurse without that check (deep `repr`, `json`, or
/// `eval` of deeply nested literals). A path that still exhausts it traps, and the session is
/// lost, never the host.
pub const DEFAULT_MAX_WASM_STACK: ByteSize = ByteSize::mib(8);

/// Stack that host code called from the guest (WASI, host functions) may use below the guest's
/// own stack, and that wasmtime reserves for it on async stacks.
pub(crate) const HOST_STACK_MARGIN: usize = 2 << 20;

/// The environment variable that, when set (non-empty), makes engines write
/// `/tmp/perf-<pid>.map`, so that `perf` names the guest's compiled functions (see the README's
/// Performance section).
pub const PERFMAP_ENV: &str = "MPSANDBOX_PERFMAP";

#[cfg(mpsandbox_embedded)]
const EMBEDDED: Option<(&[u8], &str)> = Some((
    include_bytes!(env!("MPSANDBOX_EMBEDDED_COMPONENT")),
    env!("MPSANDBOX_EMBEDDED_SHA256"),
));
#[cfg(not(mpsandbox_embedded))]
const EMBEDDED: Option<(&[u8], &str)> = None;

/// A compiled MicroPython component, ready to start [`Session`](crate::Session)s.
///
/// Create one per process and share it: cloning is cheap (a reference count), and it is
/// `Send + Sync`. Starting a session from it takes microseconds: sessions take their memory
/// from a pool reserved once ([`EngineBuilder::pool_size`]), and past the pool's size start
/// on demand.
///
/// ```no_run
/// let engine = mpsandbox::Engine::new()?;
/// let mut session = engine.session()?;
/// let out = session.exec("print('hi'); 6 * 7")?;
/// assert_eq!(out.run.stdout, "hi\n");
/// assert_eq!(out.value, Some(mpsandbox::Value::Int(42)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    /// Where sessions start: pooled if a pool was asked for and could be reserved.
    primary: Runtime,
    /// Whether `primary` is pooled (then `on_demand` serves what it cannot).
    pooled: bool,
    /// Why the pool could not be reserved, if it was asked for and could not be.
    pool_failure: Option<String>,
    /// The on-demand runtime for sessions beyond the pool, made on first need.
    on_demand: OnceLock<Runtime>,
    /// What the on-demand runtime is made from.
    source: (Cow<'static, [u8]>, String),
    cache_setting: CacheSetting,
    cache: CacheStatus,
    max_wasm_stack: usize,
    fuel: bool,
    /// The template of [`Engine::session`], made on first use.
    default_template: OnceLock<TemplateParts>,
}

/// One wasmtime engine with the component compiled and linked for it.
struct Runtime {
    component: Component,
    pre: SandboxPre<State>,
    ticker: Ticker,
    fuel: bool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("cache", &self.inner.cache)
            .field("max_wasm_stack", &self.inner.max_wasm_stack)
            .field("fuel", &self.inner.fuel)
            .field("pooled", &self.inner.pooled)
            .field("pool_failure", &self.inner.pool_failure)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Loads the component embedded in this build (from the compilation cache when it can).
    ///
    /// Fails with [`Error::NoComponent`] when the library was built before the component
    /// existed: run `cargo xtask build`, or use [`Engine::from_file`].
    pub fn new() -> Result<Engine, Error> {
        EngineBuilder::new().build()
    }

    /// Loads the component in the file at `path`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Engine, Error> {
        EngineBuilder::new().component_file(path).build()
    }

    /// A builder, to choose the component, the cache and the stack limit.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::new()
    }

    /// Whether this build of the library embeds a component (see [`Engine::new`]).
    pub fn has_embedded_component() -> bool {
        EMBEDDED.is_some()
    }

    /// Host folders that no directory grant may reach: the compiled-code cache (the host
    /// maps its files as native code, so a guest that could write there would escape).
    pub(crate) fn protected_dirs(&self) -> Vec<crate::dirs::Protected> {
        self.inner
            .cache_setting
            .dir()
            .map(|path| crate::dirs::Protected {
                path,
                what: "the compiled-code cache",
                hint: ", or move the cache elsewhere (EngineBuilder::cache_dir, $MPSANDBOX_CACHE_DIR)",
            })
            .into_iter()
            .collect()
    }

    /// The component's identity: the hex SHA-256 of its bytes. A [`Snapshot`](crate::Snapshot)
    /// restores only into an engine with the same one.
    pub fn component_id(&self) -> &str {
        &self.inner.source.1
    }

    /// What happened with the compilation cache when this engine loaded its component.
    pub fn cache_status(&self) -> &CacheStatus {
        &self.inner.cache
    }

    /// The compiled component, as wasmtime serializes it (what the cache stores).
    pub fn precompile(&self) -> Result<Vec<u8>, Error> {
        self.inner
            .primary
            .component
            .serialize()
            .map_err(|e| Error::runtime("cannot serialize the component", e))
    }

    /// Whether sessions take their memory from a pool ([`EngineBuilder::pool_size`]); false
    /// when the pool was turned off or could not be reserved.
    pub fn is_pooled(&self) -> bool {
        self.inner.pooled
    }

    /// Why the pool ([`EngineBuilder::pool_size`]) could not be reserved, when it was asked
    /// for and could not be (every session then starts on demand): the runtime's message,
    /// for example about the address space a `ulimit -v` leaves.
    pub fn pool_failure(&self) -> Option<&str> {
        self.inner.pool_failure.as_deref()
    }

    /// Whether `engine` (a store's) is this engine's pooled one.
    pub(crate) fn is_pool_of(&self, engine: &wasmtime::Engine) -> bool {
        self.inner.pooled && wasmtime::Engine::same(engine, self.inner.primary.pre.engine())
    }

    /// Instantiates the component in a new store holding `state`: from the pool when it has
    /// room, else on demand.
    pub(crate) fn instantiate(&self, state: State) -> Result<(Store<State>, Sandbox), Error> {
        let state = match instantiate_in(&self.inner.primary, state)? {
            Ok(started) => return Ok(started),
            Err(state) => state,
        };
        let on_demand = match self.inner.on_demand.get() {
            Some(runtime) => runtime,
            None => {
                let runtime = build_runtime(
                    &self.inner.source,
                    &self.inner.cache_setting,
                    self.runtime_config(None),
                )?
                .0;
                // Another thread may have made one meanwhile: either serves.
                let _ = self.inner.on_demand.set(runtime);
                self.inner.on_demand.get().expect("just set")
            }
        };
        match instantiate_in(on_demand, state)? {
            Ok(started) => Ok(started),
            Err(_) => Err(Error::runtime(
                "cannot start a session",
                wasmtime::Error::msg("the on-demand allocator reported a full pool"),
            )),
        }
    }

    fn runtime_config(&self, pool_size: Option<u32>) -> RuntimeConfig {
        RuntimeConfig {
            max_wasm_stack: self.inner.max_wasm_stack,
            fuel: self.inner.fuel,
            pool_size,
        }
    }

    pub(crate) fn default_template_cell(&self) -> &OnceLock<TemplateParts> {
        &self.inner.default_template
    }

    pub(crate) fn max_wasm_stack(&self) -> usize {
        self.inner.max_wasm_stack
    }

    /// Whether this engine meters fuel ([`EngineBuilder::fuel`]).
    pub fn meters_fuel(&self) -> bool {
        self.inner.fuel
    }

    /// The names of what the component imports (for example `wasi:cli/stdout@0.2.12`,
    /// `mpsandbox:sandbox/control@0.1.0`), to check a component loaded with
    /// [`EngineBuilder::component_file`] or [`EngineBuilder::component_bytes`]: a composed
    /// component that imports neither `host-functions` nor `control` brings its own, and
    /// the host's host functions and soft stop do not reach it (README, "Composing").
    pub fn component_imports(&self) -> Vec<String> {
        let component = &self.inner.primary.component;
        component
            .component_type()
            .imports(component.engine())
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    /// The epoch ticker of the wasmtime engine `engine` (a store's).
    pub(crate) fn ticker(&self, engine: &wasmtime::Engine) -> &Ticker {
        match self.inner.on_demand.get() {
            Some(runtime) if wasmtime::Engine::same(engine, runtime.pre.engine()) => {
                &runtime.ticker
            }
            _ => &self.inner.primary.ticker,
        }
    }
}

enum Source {
    Embedded,
    File(PathBuf),
    Bytes(Cow<'static, [u8]>),
}

/// Configures and builds an [`Engine`].
pub struct EngineBuilder {
    source: Source,
    cache: CacheSetting,
    max_wasm_stack: usize,
    fuel: bool,
    pool_size: u32,
    warm_wasi_runtime: bool,
}

impl Default for EngineBuilder {
    fn default() -> EngineBuilder {
        EngineBuilder::new()
    }
}

impl EngineBuilder {
    /// The embedded component, the default cache, the default stack limit.
    pub fn new() -> EngineBuilder {
        EngineBuilder {
            source: Source::Embedded,
            cache: CacheSetting::Default,
            max_wasm_stack: DEFAULT_MAX_WASM_STACK.as_usize(),
            fuel: false,
            pool_size: DEFAULT_POOL_SIZE,
            warm_wasi_runtime: true,
        }
    }

    /// How many sessions at once take their memory from a pool (default
    /// [`DEFAULT_POOL_SIZE`](crate::DEFAULT_POOL_SIZE), 1,000); 0 turns the pool off.
    ///
    /// A pooled session starts in about half the time: the pool (wasmtime's pooling
    /// allocator) is reserved when the engine is built, and a slot is reused, its memory reset
    /// copy-on-write, when a session ends. Each session's slots reserve about 8 GiB of address
    /// space (not memory: only the pages a session touches are resident), so the default
    /// reserves about 8 TiB. Sessions beyond the pool start on demand, on a second wasmtime
    /// engine made on first need (which loads the compiled component again: a few
    /// milliseconds, about 1 MiB); so does every session when the address space cannot be
    /// reserved (a `ulimit -v`, say, or a 16th engine with a default pool alive at once in
    /// one process: x86-64 Linux gives a process 128 TiB). Limits work the same
    /// either way; [`Engine::is_pooled`] and [`Session::is_pooled`](crate::Session::is_pooled) say which applies.
    pub fn pool_size(mut self, sessions: u32) -> EngineBuilder {
        self.pool_size = sessions;
        self
    }

    /// Meters fuel (about one unit per wasm instruction), so that sessions can have fuel
    /// budgets ([`SessionBuilder::fuel`](crate::SessionBuilder::fuel)) and report the fuel each call used. Off by default:
    /// metering slows guest code down. Compiled code differs, so it is cached separately.
    pub fn fuel(mut self, on: bool) -> EngineBuilder {
        self.fuel = on;
        self
    }

    /// Loads the component from the file at `path` instead of the embedded one.
    pub fn component_file(mut self, path: impl AsRef<Path>) -> EngineBuilder {
        self.source = Source::File(path.as_ref().to_path_buf());
        self
    }

    /// Uses the component in `bytes` instead of the embedded one.
    pub fn component_bytes(mut self, bytes: impl Into<Cow<'static, [u8]>>) -> EngineBuilder {
        self.source = Source::Bytes(bytes.into());
        self
    }

    /// Caches compiled code in `dir` instead of the default: `$MPSANDBOX_CACHE_DIR`, or the
    /// user's cache folder (for example `~/.cache/mpsandbox`).
    pub fn cache_dir(mut self, dir: impl AsRef<Path>) -> EngineBuilder {
        self.cache = CacheSetting::Dir(dir.as_ref().to_path_buf());
        self
    }

    /// Compiles the component without reading or writing the cache.
    pub fn no_cache(mut self) -> EngineBuilder {
        self.cache = CacheSetting::Disabled;
        self
    }

    /// Limits the guest's wasm stack to `bytes` (default [`DEFAULT_MAX_WASM_STACK`]; at least
    /// 1 MiB, the guest's own C stack). Guest calls run on a native stack larger than this.
    pub fn max_wasm_stack(mut self, bytes: impl Into<ByteSize>) -> EngineBuilder {
        self.max_wasm_stack = bytes.into().as_usize().max(1 << 20);
        self
    }

    /// Whether building the engine also starts wasmtime-wasi's tokio runtime, on a thread of
    /// its own (default true). The guest's first output or other WASI call needs a runtime,
    /// and starting that one takes a few hundred microseconds and a worker thread per core.
    /// Turn it off when guest calls run inside a tokio runtime of yours (entered on the
    /// calling thread, `Runtime::enter`): wasmtime-wasi then uses yours, as the `mpsandbox`
    /// command does with a one-worker runtime.
    pub fn warm_wasi_runtime(mut self, on: bool) -> EngineBuilder {
        self.warm_wasi_runtime = on;
        self
    }

    /// Compiles (or loads from the cache) and links the component.
    pub fn build(self) -> Result<Engine, Error> {
        if self.warm_wasi_runtime {
            start_wasi_runtime();
        }
        let (bytes, sha256): (Cow<'static, [u8]>, String) = match self.source {
            Source::Embedded => {
                let (bytes, sha256) = EMBEDDED.ok_or(Error::NoComponent)?;
                (Cow::Borrowed(bytes), sha256.to_owned())
            }
            Source::File(path) => {
                let bytes =
                    std::fs::read(&path).map_err(|source| Error::ReadComponent { path, source })?;
                let sha256 = cache::sha256_hex(&bytes);
                (Cow::Owned(bytes), sha256)
            }
            Source::Bytes(bytes) => {
                let sha256 = cache::sha256_hex(&bytes);
                (bytes, sha256)
            }
        };

        let config = |pool_size| RuntimeConfig {
            max_wasm_stack: self.max_wasm_stack,
            fuel: self.fuel,
            pool_size,
        };
        let source = (bytes, sha256);
        let pooled = match self.pool_size {
            0 => Err(None),
            n => build_runtime(&source, &self.cache, config(Some(n))).map_err(Some),
        };
        let (primary, cache, pool_failure) = match pooled {
            Ok((runtime, cache)) => (runtime, cache, None),
            Err(failure) => {
                let (runtime, cache) = build_runtime(&source, &self.cache, config(None))?;
                (runtime, cache, failure.map(|e| e.to_string()))
            }
        };
        let pooled = self.pool_size > 0 && pool_failure.is_none();
        Ok(Engine {
            inner: Arc::new(Inner {
                primary,
                pooled,
                pool_failure,
                on_demand: OnceLock::new(),
                source,
                cache_setting: self.cache,
                cache,
                max_wasm_stack: self.max_wasm_stack,
                fuel: self.fuel,
                default_template: OnceLock::new(),
            }),
        })
    }
}

/// Builds wasmtime-wasi's tokio runtime (a guest's first output or other WASI stream call
/// needs it, and building it starts worker threads) on a thread of its own, once per
/// process: it overlaps loading the component instead of delaying a process's first print.
fn start_wasi_runtime() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // Without this thread the runtime is built on first use, as before.
        let _ = std::thread::Builder::new()
            .name("mpsandbox-warm".into())
            .spawn(|| wasmtime_wasi::runtime::in_tokio(async {}));
    });
}

/// The settings of one wasmtime engine.
struct RuntimeConfig {
    max_wasm_stack: usize,
    fuel: bool,
    /// Sessions in the pool, or `None` for on-demand allocation.
    pool_size: Option<u32>,
}

/// Makes a wasmtime engine, compiles (or loads from the cache) the component for it and links
/// it.
fn build_runtime(
    (bytes, sha256): &(Cow<'static, [u8]>, String),
    cache: &CacheSetting,
    settings: RuntimeConfig,
) -> Result<(Runtime, CacheStatus), Error> {
    let mut config = wasmtime::Config::new();
    config
        .wasm_exceptions(true)
        .max_wasm_stack(settings.max_wasm_stack)
        // The hard stop of timeouts (see limits.rs).
        .epoch_interruption(true)
        .consume_fuel(settings.fuel)
        .async_stack_size(settings.max_wasm_stack + HOST_STACK_MARGIN);
    if std::env::var_os(PERFMAP_ENV).is_some_and(|v| !v.is_empty()) {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    if let Some(sessions) = settings.pool_size {
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool::config(
            sessions,
        )));
    }
    let engine = wasmtime::Engine::new(&config)
        .map_err(|e| Error::runtime("cannot configure wasmtime", e))?;

    // Linking (hundreds of WASI functions) does not need the component: it runs on a second
    // thread while this one loads the component, which takes longer.
    let (component, cache, linker) = std::thread::scope(|scope| {
        let link = || {
            let mut linker = Linker::<State>::new(&engine);
            store::link(&mut linker).map(|()| linker)
        };
        let linking = std::thread::Builder::new()
            .name("mpsandbox-link".into())
            .spawn_scoped(scope, link);
        let loaded = load_or_compile(&engine, bytes, sha256, cache);
        let linker = match linking {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: link here.
            Err(_) => link(),
        };
        let (component, cache) = loaded?;
        Ok::<_, Error>((component, cache, linker?))
    })?;
    let pre = linker
        .instantiate_pre(&component)
        .and_then(SandboxPre::new)
        .map_err(|e| Error::runtime("cannot link the component", e))?;
    let runtime = Runtime {
        component,
        pre,
        ticker: Ticker::new(),
        fuel: settings.fuel,
    };
    Ok((runtime, cache))
}

/// Instantiates the component of `runtime` in a new store holding `state`; gives the state
/// back when the runtime's pool is full.
fn instantiate_in(
    runtime: &Runtime,
    state: State,
) -> Result<Result<(Store<State>, Sandbox), State>, Error> {
    let mut store = store::new_store(runtime.pre.engine(), state, runtime.fuel)?;
    match runtime.pre.instantiate(&mut store) {
        Ok(guest) => Ok(Ok((store, guest))),
        Err(e) if pool::is_exhausted(&e) => Ok(Err(store.into_data())),
        Err(e) => Err(Error::runtime("cannot start a session", e)),
    }
}

fn load_or_compile(
    engine: &wasmtime::Engine,
    bytes: &[u8],
    sha256: &str,
    setting: &CacheSetting,
) -> Result<(Component, CacheStatus), Error> {
    let path = setting
        .dir()
        .map(|dir| dir.join(cache::file_name(engine, sha256)));
    if let Some(path) = &path
        && let Some(component) = cache::load(engine, path)
    {
        return Ok((component, CacheStatus::Hit(path.clone())));
    }
    let component = Component::new(engine, bytes)
        .map_err(|e| Error::runtime("cannot compile the component", e))?;
    let status = match path {
        None => CacheStatus::Disabled,
        Some(path) => match component.serialize() {
            Err(e) => CacheStatus::Failed(format!("cannot serialize the component: {e}")),
            Ok(compiled) => match cache::store(&path, &compiled) {
                Ok(()) => CacheStatus::Stored(path),
                Err(e) => CacheStatus::Failed(format!("cannot write {}: {e}", path.display())),
            },
        },
    };
    Ok((component, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mpsandbox-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn bad_components_are_errors() {
        let err = Engine::builder()
            .component_bytes(&b"not wasm"[..])
            .no_cache()
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Runtime {
                    context: "cannot compile the component",
                    ..
                }
            ),
            "{err}"
        );
        let err = Engine::from_file("/nonexistent/mpsandbox.wasm").unwrap_err();
        assert!(matches!(err, Error::ReadComponent { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("cannot read the component /nonexistent/mpsandbox.wasm: ")
        );
        if !Engine::has_embedded_component() {
            let err = Engine::new().unwrap_err();
            assert!(matches!(err, Error::NoComponent));
            assert!(err.to_string().contains("cargo xtask build"));
        }
    }

    #[test]
    fn compiled_code_is_cached_and_reused() {
        let dir = temp_dir("cache-unit");
        // A component that compiles but lacks the session exports: it is cached, then
        // refused when linked.
        // The binary of an empty component: the preamble alone.
        let empty: &[u8] = b"\0asm\x0d\0\x01\0";
        let build = || {
            Engine::builder()
                .component_bytes(empty)
                .cache_dir(&dir)
                .build()
        };
        let err = build().unwrap_err();
        assert!(
            matches!(
                err,
                Error::Runtime {
                    context: "cannot link the component",
                    ..
                }
            ),
            "{err}"
        );
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("cwasm"));
        let written = std::fs::metadata(&files[0]).unwrap().modified().unwrap();
        // Loaded, not rewritten.
        build().unwrap_err();
        assert_eq!(
            std::fs::metadata(&files[0]).unwrap().modified().unwrap(),
            written
        );
        // A corrupt cache file is ignored and replaced.
        std::fs::write(&files[0], b"garbage").unwrap();
        build().unwrap_err();
        assert!(std::fs::read(&files[0]).unwrap().len() > 7);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
