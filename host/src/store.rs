//! The store: a session's wasmtime store and its data ([`State`]), how a fresh one is made,
//! the epoch callback, and the linking of every capability. Each capability links through a
//! narrow view of [`State`] (a getter or a view trait, as wasmtime-wasi does), so that none
//! depends on the session or on this module.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::component::{HasSelf, Linker, ResourceTable};
use wasmtime::{Store, StoreContextMut, UpdateDeadline};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtxView, WasiHttpView};

use crate::bindings::mpsandbox::sandbox::types;
use crate::control;
use crate::deterministic::{self, DeterministicView, VirtualTime};
use crate::dirs::{self, DirGrant};
use crate::error::Error;
use crate::host_fn::{self, HostFunctions};
use crate::http::{Http, HttpPolicy};
use crate::limits::{MemoryLimiter, RunState};
use crate::output::{Capture, Stream};

/// Epoch ticks that never come: the deadline of calls without a timeout.
pub(crate) const NO_DEADLINE: u64 = 1 << 62;

/// Fuel that never runs out: what calls without a budget get.
pub(crate) const NO_FUEL_LIMIT: u64 = 1 << 62;

/// What a fresh store needs: a session's settings, checked once (by its template).
#[derive(Clone)]
pub(crate) struct StoreSettings {
    /// The cap on the guest's linear memory, in bytes.
    pub memory_limit: usize,
    /// The seed of deterministic mode, if on.
    pub seed: Option<u64>,
    /// The directory grants, their guest paths checked.
    pub dirs: Vec<DirGrant>,
    /// Outbound HTTP, its TLS configuration made.
    pub http: Arc<HttpPolicy>,
    /// The host functions.
    pub host_functions: Arc<HostFunctions>,
}

/// The data of a session's wasmtime store.
pub(crate) struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    host_functions: Arc<HostFunctions>,
    /// The memory cap and what the call used.
    pub limiter: MemoryLimiter,
    /// The running call's limits and soft stop.
    pub run: RunState,
    /// In deterministic mode: the session's virtual time, which sleeps advance.
    virtual_time: Option<Arc<VirtualTime>>,
    http: Http,
}

impl State {
    /// The data of a fresh interpreter: output to `capture`, and nothing ambient (no
    /// arguments, environment variables, network or files but those granted).
    pub(crate) fn new(capture: &Capture, settings: &StoreSettings) -> Result<State, Error> {
        let mut wasi = WasiCtx::builder();
        wasi.stdout(capture.stream(Stream::Stdout))
            .stderr(capture.stream(Stream::Stderr));
        dirs::preopen(&mut wasi, &settings.dirs)?;
        let virtual_time = settings
            .seed
            .map(|seed| deterministic::configure(&mut wasi, seed));
        Ok(State {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            host_functions: settings.host_functions.clone(),
            limiter: MemoryLimiter::new(settings.memory_limit),
            run: RunState::idle(),
            virtual_time,
            http: Http::new(settings.http.clone()),
        })
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

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        self.http.view(&mut self.table)
    }
}

impl DeterministicView for State {
    fn virtual_time(&self) -> Option<&Arc<VirtualTime>> {
        self.virtual_time.as_ref()
    }
}

impl types::Host for State {}

fn host_functions(state: &mut State) -> &HostFunctions {
    &state.host_functions
}

fn run_state(state: &mut State) -> &mut RunState {
    &mut state.run
}

/// Links every import of the component: WASI, `wasi:http`, and the sandbox's own
/// interfaces (types, host functions, control, deterministic clocks).
pub(crate) fn link(linker: &mut Linker<State>) -> Result<(), Error> {
    wasmtime_wasi::p2::add_to_linker_sync(linker)
        .and_then(|()| wasmtime_wasi_http::p2::add_only_http_to_linker_sync(linker))
        .map_err(|e| Error::runtime("cannot link WASI", e))?;
    types::add_to_linker::<State, HasSelf<State>>(linker, |state| state)
        .and_then(|()| host_fn::add_to_linker(linker, host_functions))
        .and_then(|()| control::add_to_linker(linker, run_state))
        .and_then(|()| deterministic::add_to_linker(linker))
        .map_err(|e| Error::runtime("cannot link the host functions", e))
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
