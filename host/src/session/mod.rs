//! Sessions: one live MicroPython interpreter each.

mod builder;

pub use builder::{SessionBuilder, SessionTemplate};

use std::time::Instant;

use wasmtime::Store;

use crate::bindings::Sandbox;
use crate::bindings::mpsandbox::sandbox::types::{Error as WireError, Value as WireValue};
use crate::ending::Ending;
use crate::engine::HOST_STACK_MARGIN;
use crate::error::{Error, Exception, ExecError, SyntaxError};
use crate::limits::{LimitHit, RunLimits, RunState, Usage};
use crate::output::Capture;
use crate::run::{CallOutput, ExecOutput, Run};
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
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest.mpsandbox_sandbox_session().call_exec(store, code)
        });
        self.finish(outcome, meta, Some(code), |r| {
            Ok((r.value.map(nodes::decode).transpose()?, r.repr))
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
        let (outcome, meta) = self.enter(limits, |session| {
            let Session { store, guest, .. } = session;
            guest
                .mpsandbox_sandbox_session()
                .call_call(store, name, &args, &kwargs)
        });
        self.finish(outcome, meta, None, |v| Ok(nodes::decode(v)?))
            .map(|(value, run)| CallOutput { value, run })
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
            .and_then(|r| meta.ending.outcome(r.map_err(|e| python_error(e, code))))
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
            match instantiate(&self.template, &self.capture) {
                Ok((store, guest)) => {
                    self.store = store;
                    self.guest = guest;
                    meta.restarted = self.lost.take().map(|(reason, _)| reason);
                }
                Err(error) => return (Err(error), meta),
            }
        }
        self.capture.reset();

        let engine = self.template.engine().clone();
        let settings = self.template.settings.clone();
        let fuel = engine.meters_fuel().then_some(limits.fuel).flatten();
        let fuel_start = fuel.map_or(NO_FUEL_LIMIT, |budget| budget + crate::fuel_grace(budget));
        if engine.meters_fuel() {
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
                .map(|t| start + t.saturating_add(settings.grace)),
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
