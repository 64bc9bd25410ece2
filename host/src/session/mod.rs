//! Sessions: one live MicroPython interpreter each.

mod builder;

pub(crate) use builder::TemplateParts;
pub use builder::{SessionBuilder, SessionTemplate};

use std::time::Instant;

use wasmtime::Store;

use crate::bindings::Sandbox;
use crate::bindings::mpsandbox::sandbox::types::{Error as WireError, Value as WireValue};
use crate::ending::Ending;
use crate::engine::HOST_STACK_MARGIN;
use crate::error::{Error, Exception, ExecError, SyntaxError};
use crate::limits::{LimitHit, RunLimits, RunState, Usage};
use crate::output::{Capture, bound_text};
use crate::run::{CallOutput, ExecOutput, Run};
use crate::snapshot::{Snapshot, SnapshotError};
use crate::stack;
use crate::store::{NO_DEADLINE, NO_FUEL_LIMIT, State};
use crate::value::{Value, nodes};

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
    template: SessionTemplate,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("lost", &self.lost)
            .finish_non_exhaustive()
    }
}

/// What [`Session::enter`] reports besides the guest's result.
#[derive(Debug, Default)]
struct CallMeta {
    usage: Usage,
    restarted: Option<String>,
    /// What the call measured, to classify how it ended.
    ending: Ending,
}

impl Session {
    /// A fresh interpreter with the settings of `template`.
    fn start(template: SessionTemplate) -> Result<Session, Error> {
        let settings = &template.settings;
        let capture = Capture::new(settings.max_output, settings.callback());
        let (store, guest) = instantiate(&template, &capture)?;
        Ok(Session {
            store,
            guest,
            capture,
            lost: None,
            template,
        })
    }

    /// Runs Python statements in the session's global namespace, like a notebook cell.
    ///
    /// When the last statement is an expression, its value and `repr` are returned too.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
    )]
    pub fn exec(&mut self, code: &str) -> Result<ExecOutput, ExecError> {
        self.exec_with(code, self.template.settings.limits)
    }

    /// [`exec`](Self::exec) with other time and fuel limits than the session's.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
    )]
    pub fn exec_with(&mut self, code: &str, limits: RunLimits) -> Result<ExecOutput, ExecError> {
        self.check_room(code.len())?;
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_session().call_exec(store, code)
        });
        let max_text = self.template.settings.max_output;
        self.finish(outcome, meta, Some(code), |r| {
            let repr = r
                .repr
                .map(|repr| bound_text(repr, max_text.max(MIN_TEXT_BOUND)));
            Ok((r.value.map(nodes::decode).transpose()?, repr))
        })
        .map(|((value, repr), run)| ExecOutput { value, repr, run })
    }

    /// Calls the global callable `name` with positional and keyword arguments, and returns
    /// its result.
    ///
    /// A result that has no value form is a `TypeError` exception naming its type.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
    )]
    pub fn call(
        &mut self,
        name: &str,
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> Result<CallOutput, ExecError> {
        self.call_with(name, args, kwargs, self.template.settings.limits)
    }

    /// [`call`](Self::call) with other time and fuel limits than the session's.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
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
        let lowered = args
            .iter()
            .chain(kwargs.iter().map(|(_, v)| v))
            .map(nodes::lowered_size)
            .chain(kwargs.iter().map(|(k, _)| k.len() + 16))
            .fold(name.len(), usize::saturating_add);
        self.check_room(lowered)?;
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest
                .mpsandbox_sandbox_session()
                .call_call(store, name, &args, &kwargs)
        });
        self.finish(outcome, meta, None, |v| Ok(nodes::decode(v)?))
            .map(|(value, run)| CallOutput { value, run })
    }

    /// Takes a snapshot of the session's state (see [`Snapshot`] for what it holds), between
    /// calls; the session goes on unchanged. Garbage the collector has not reclaimed yet is
    /// saved with the rest (and reclaimed in the restored session as usual).
    ///
    /// Fails with [`SnapshotError::Unsupported`] when the session holds what a snapshot cannot
    /// carry: a file or directory listing open at the time (close it, or drop the last
    /// reference to it: a collection then runs first and closes it).
    /// A session that has run no code yet is started first: its snapshot is an idle
    /// interpreter's.
    pub fn snapshot(&mut self) -> Result<Snapshot, Error> {
        let limits = self.template.settings.limits;
        let (outcome, _) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_snapshot().call_save(store)
        });
        self.capture.reset();
        match outcome? {
            Ok(image) => Ok(Snapshot::new(
                self.template.engine().component_id().to_owned(),
                image,
                self.template.settings.id,
            )),
            Err(reason) => Err(SnapshotError::Unsupported(reason).into()),
        }
    }

    /// A new session with this one's state and settings, which then go their own ways: a
    /// [`snapshot`](Self::snapshot) restored at once (the same errors).
    pub fn fork(&mut self) -> Result<Session, Error> {
        let snapshot = self.snapshot()?;
        Session::restored(self.template.clone(), &snapshot)
    }

    /// Replaces the session's state with `snapshot`'s (going back to an earlier state, or
    /// taking another session's), keeping its settings; see [`SessionTemplate::restore`] for
    /// the errors. On error the session is left as it was.
    pub fn restore(&mut self, snapshot: &Snapshot) -> Result<(), Error> {
        let restored = Session::restored(self.template.clone(), snapshot)?;
        self.replace_instance(restored);
        self.lost = None;
        Ok(())
    }

    /// Takes `other`'s interpreter (its store, instance and output capture) in place of this
    /// session's.
    fn replace_instance(&mut self, other: Session) {
        let Session {
            store,
            guest,
            capture,
            ..
        } = other;
        self.store = store;
        self.guest = guest;
        self.capture = capture;
    }

    /// A session of `template` whose state is `snapshot`'s: a fresh instance that takes it.
    fn restored(template: SessionTemplate, snapshot: &Snapshot) -> Result<Session, Error> {
        Session::restored_with(template, snapshot, false)
    }

    /// A session of a template with setup code: its base state, with `random` seeded anew
    /// (sessions of a template share a start, not a random sequence).
    pub(super) fn from_base(template: SessionTemplate, base: &Snapshot) -> Result<Session, Error> {
        Session::restored_with(template, base, true)
    }

    fn restored_with(
        template: SessionTemplate,
        snapshot: &Snapshot,
        reseed: bool,
    ) -> Result<Session, Error> {
        let engine = template.engine().component_id();
        if snapshot.component_id() != engine {
            return Err(SnapshotError::OtherComponent {
                expected: engine.to_owned(),
                found: snapshot.component_id().to_owned(),
            }
            .into());
        }
        let rebind = !snapshot.is_from(template.settings.id);
        let mut session = Session::start(template)?;
        let limits = session.template.settings.limits;
        let image = snapshot.image();
        let plan: Vec<(u32, u32)> = image
            .regions
            .iter()
            .map(|r| (r.address, r.bytes.len() as u32))
            .collect();
        let (outcome, meta) = session.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest
                .mpsandbox_sandbox_snapshot()
                .call_prepare(store, image.memory, &plan)
        });
        if let Err(reason) = outcome? {
            if meta.ending.memory_refused.is_some() {
                let limiter = &session.store.data().limiter;
                return Err(Error::Limit {
                    hit: limiter.hit_for(image.memory as usize),
                    exception: None,
                });
            }
            return Err(SnapshotError::Rejected(reason).into());
        }
        let (outcome, _) = session.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_snapshot().call_restore(
                store,
                snapshot.regions(),
                rebind,
                reseed,
            )
        });
        session.capture.reset();
        outcome?.map_err(SnapshotError::Rejected)?;
        Ok(session)
    }

    /// Whether the session's interpreter took its memory from the engine's pool
    /// ([`EngineBuilder::pool_size`](crate::EngineBuilder::pool_size)); false when it
    /// started on demand because the pool was full (or off).
    pub fn is_pooled(&self) -> bool {
        self.template.engine().is_pool_of(self.store.engine())
    }

    /// Why the session is lost, if it is.
    pub fn lost(&self) -> Option<&str> {
        self.lost.as_ref().map(|(reason, _)| reason.as_str())
    }

    /// The template this session was started from: its settings, to start more like it.
    pub fn template(&self) -> &SessionTemplate {
        &self.template
    }

    /// Refuses to hand the guest `bytes` of data (code, arguments) that can never fit under
    /// its memory cap: lowering them would trap and lose the session (#11 item 9). The
    /// session is left as it was; the error is the memory limit.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
    )]
    fn check_room(&self, bytes: usize) -> Result<(), ExecError> {
        let limiter = &self.store.data().limiter;
        if bytes <= limiter.room() {
            return Ok(());
        }
        Err(ExecError::bare(Error::Limit {
            hit: limiter.hit_for(bytes),
            exception: None,
        }))
    }

    /// The end of every call: the report ([`Run`]) of what the call printed and used, with
    /// the guest's result classified (a Python error, a limit) and decoded.
    #[expect(
        clippy::result_large_err,
        reason = "an error carries the report of the failed call by value, as a result does"
    )]
    fn finish<T, U>(
        &mut self,
        outcome: Result<Result<T, WireError>, Error>,
        meta: CallMeta,
        code: Option<&str>,
        decode: impl FnOnce(T) -> Result<U, Error>,
    ) -> Result<(U, Run), ExecError> {
        let run = Run::new(self.capture.take(), meta.usage, meta.restarted);
        let result = outcome
            .and_then(|r| {
                let max_text = self.template.settings.max_output;
                meta.ending
                    .outcome(r.map_err(|e| python_error(e, code, max_text)))
            })
            .and_then(decode);
        match result {
            Ok(value) => Ok((value, run)),
            Err(error) => Err(ExecError { error, run }),
        }
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
            if !self.template.settings.restart_lost {
                let error = Error::SessionLost {
                    reason: reason.clone(),
                    limit: *limit,
                };
                return (Err(error), meta);
            }
            // A fresh interpreter, or the template's setup state.
            match self.template.session() {
                Ok(fresh) => {
                    self.replace_instance(fresh);
                    meta.restarted = self.lost.take().map(|(reason, _)| reason);
                }
                Err(error) => return (Err(error), meta),
            }
        }
        self.capture.reset();

        let engine = self.template.engine().clone();
        let settings = self.template.settings.clone();
        let fuel = engine.meters_fuel().then_some(limits.fuel).flatten();
        // Saturating, and never more than wasmtime can hold: a budget of u64::MAX is no limit.
        let fuel_start = fuel.map_or(NO_FUEL_LIMIT, |budget| {
            budget
                .saturating_add(crate::fuel_grace(budget))
                .min(NO_FUEL_LIMIT)
        });
        if engine.meters_fuel() {
            // Cannot fail: the engine meters fuel.
            let _ = self.store.set_fuel(fuel_start);
        }
        let data = self.store.data_mut();
        data.limiter.refused = None;
        data.run = RunState {
            start,
            timeout: limits.timeout,
            // A deadline past what an `Instant` can hold is no deadline (#11 item 2).
            hard_deadline: limits
                .timeout
                .and_then(|t| start.checked_add(t.saturating_add(settings.grace))),
            fuel_budget: fuel,
            fuel_start: Some(fuel_start),
            stop: None,
            hard_stopped: false,
        };
        let _ticking = limits.timeout.map(|_| {
            self.store.set_epoch_deadline(1);
            engine
                .ticker(self.store.engine())
                .start(self.store.engine())
        });
        if limits.timeout.is_none() {
            self.store.set_epoch_deadline(NO_DEADLINE);
        }

        let max_wasm_stack = engine.max_wasm_stack();
        let needed = max_wasm_stack + HOST_STACK_MARGIN;
        let result = stack::run(needed, HOST_STACK_MARGIN, || call(self));

        let fuel_used = engine
            .meters_fuel()
            .then(|| fuel_start.saturating_sub(self.store.get_fuel().unwrap_or(0)));
        let elapsed = start.elapsed();
        let data = self.store.data_mut();
        let run = std::mem::replace(&mut data.run, RunState::idle());
        meta.usage = Usage {
            wall: elapsed,
            fuel: fuel_used,
            memory: data.limiter.peak,
        };
        meta.ending = Ending {
            timeout: run.timeout,
            elapsed,
            fuel_budget: fuel,
            fuel_used,
            stop: run.stop,
            hard_stopped: run.hard_stopped,
            memory_refused: data.limiter.refused,
            memory_limit: settings.store.memory_limit as u64,
            disk_refused: data.disk_quota.take_hit(),
            grace: settings.grace,
            max_wasm_stack: max_wasm_stack as u64,
        };
        let result = match result {
            Ok(result) => result,
            Err(error) => return (Err(error), meta),
        };
        let result = result.map_err(|error| {
            // A trap leaves the instance unusable ("cannot enter component instance"), and
            // the interpreter's state possibly inconsistent: the session is lost for good.
            let trap = error.downcast_ref::<wasmtime::Trap>().copied();
            let (reason, limit) = meta.ending.lost(trap, trap_reason(&error));
            self.lost = Some((reason.clone(), limit));
            Error::SessionLost { reason, limit }
        });
        (result, meta)
    }
}

/// The least a text out of the guest (a message, a traceback, a `repr`) is cut at, whatever
/// the output limit: 64 KiB.
const MIN_TEXT_BOUND: usize = 64 << 10;

/// The most bytes of an exception's type name.
const MAX_TYPE_NAME: usize = 256;

/// A fresh interpreter: a new store and instance, with the settings of `template`.
fn instantiate(
    template: &SessionTemplate,
    capture: &Capture,
) -> Result<(Store<State>, Sandbox), Error> {
    let state = State::new(capture, &template.settings.store)?;
    template.engine().instantiate(state)
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
fn python_error(error: WireError, code: Option<&str>, max_output: usize) -> Error {
    // Texts out of the guest are bounded (#11 item 4): by the output limit, but never below
    // `MIN_TEXT_BOUND`, so a tiny output limit still leaves a readable traceback; a type name
    // (which decides how the call is classified) by `MAX_TYPE_NAME` alone.
    let bound = |text: String| bound_text(text, max_output.max(MIN_TEXT_BOUND));
    let bound_name = |text: String| bound_text(text, MAX_TYPE_NAME);
    match error {
        WireError::Syntax(e) => {
            let text = code.and_then(|code| {
                code.lines()
                    .nth((e.line as usize).checked_sub(1)?)
                    .map(str::to_owned)
            });
            Error::Syntax(Box::new(SyntaxError {
                type_name: bound_name(e.type_name),
                message: bound(e.message),
                line: e.line,
                column: e.column,
                text: text.map(bound),
            }))
        }
        WireError::Exception(e) => Error::Exception(Box::new(Exception {
            type_name: bound_name(e.type_name),
            message: bound(e.message),
            traceback: bound(e.traceback),
        })),
        WireError::Exit(code) => Error::Exit(code),
    }
}
