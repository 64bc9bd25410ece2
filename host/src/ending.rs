//! How a call ended: the pure classification of a finished call into success, a Python error,
//! a limit's soft stop, or a lost session, from what the call measured.

use std::time::Duration;

use crate::error::Error;
use crate::limits::{LimitHit, LimitKind, fuel_grace};

/// What a finished call measured and the limits it ran under: all that decides how it ended.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ending {
    /// The call's wall-clock timeout.
    pub timeout: Option<Duration>,
    /// The wall-clock time the call took.
    pub elapsed: Duration,
    /// The call's fuel budget (only when the engine meters fuel).
    pub fuel_budget: Option<u64>,
    /// The fuel the call used (only when the engine meters fuel).
    pub fuel_used: Option<u64>,
    /// The soft stop the host asked for, if any.
    pub stop: Option<LimitKind>,
    /// Whether the epoch callback interrupted the guest (the hard stop of a timeout).
    pub hard_stopped: bool,
    /// The largest memory size a refused growth asked for, in bytes, if the cap refused one.
    pub memory_refused: Option<usize>,
    /// The session's memory cap, in bytes.
    pub memory_limit: u64,
    /// The time between the soft and the hard stop of a timeout.
    pub grace: Duration,
    /// The guest's wasm stack limit, in bytes.
    pub max_wasm_stack: u64,
}

impl Ending {
    fn time_hit(&self) -> LimitHit {
        LimitHit {
            kind: LimitKind::Time,
            limit: self.timeout.map_or(0, |t| t.as_millis() as u64),
            used: self.elapsed.as_millis() as u64,
        }
    }

    fn fuel_hit(&self) -> LimitHit {
        LimitHit {
            kind: LimitKind::Fuel,
            limit: self.fuel_budget.unwrap_or(0),
            used: self.fuel_used.unwrap_or(0),
        }
    }

    /// The soft stop that was requested, if any, as the limit hit.
    pub fn soft_stop(&self) -> Option<LimitHit> {
        self.stop.map(|kind| match kind {
            LimitKind::Time => self.time_hit(),
            _ => self.fuel_hit(),
        })
    }

    /// Why a call that trapped (`trap`, if the error was a trap; `otherwise` describes the
    /// error) lost its session, and the limit whose hard stop did it, if one did.
    pub fn lost(
        &self,
        trap: Option<wasmtime::Trap>,
        otherwise: String,
    ) -> (String, Option<LimitHit>) {
        match trap {
            _ if self.hard_stopped => {
                let hit = self.time_hit();
                let grace = self.grace.as_millis();
                (
                    format!("{hit}, and the code did not stop within the {grace} ms grace period"),
                    Some(hit),
                )
            }
            Some(wasmtime::Trap::OutOfFuel) if self.fuel_budget.is_some() => {
                let hit = self.fuel_hit();
                (
                    format!(
                        "{hit}, and the code did not stop within the grace of {} more",
                        fuel_grace(hit.limit)
                    ),
                    Some(hit),
                )
            }
            Some(wasmtime::Trap::StackOverflow) => {
                let hit = LimitHit {
                    kind: LimitKind::Stack,
                    limit: self.max_wasm_stack,
                    used: self.max_wasm_stack,
                };
                let trap = wasmtime::Trap::StackOverflow;
                (format!("stack exhausted: {hit} ({trap})"), Some(hit))
            }
            _ => (otherwise, None),
        }
    }

    /// The outcome of a call the guest completed (`result`: its value, or the Python error it
    /// reported): a soft stop turns either into [`Error::Limit`] (keeping the Python
    /// exception the code ended with), and so does an uncaught `MemoryError` after the cap
    /// refused a growth.
    pub fn outcome<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        let stop = self.soft_stop();
        let exception = match result {
            Ok(value) if stop.is_none() => return Ok(value),
            Ok(_) => None,
            Err(Error::Exception(e)) => Some(e),
            Err(other) if stop.is_none() => return Err(other),
            Err(_) => None,
        };
        let hit = match (stop, &exception, self.memory_refused) {
            (Some(hit), _, _) => hit,
            (None, Some(e), Some(requested)) if e.type_name == "MemoryError" => LimitHit {
                kind: LimitKind::Memory,
                limit: self.memory_limit,
                used: requested as u64,
            },
            (None, Some(_), _) => {
                return Err(Error::Exception(exception.expect("matched Some")));
            }
            (None, None, _) => unreachable!("no stop: returned above"),
        };
        Err(Error::Limit { hit, exception })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exception;

    fn exception(type_name: &str) -> Error {
        Error::Exception(Box::new(Exception {
            type_name: type_name.into(),
            message: String::new(),
            traceback: String::new(),
        }))
    }

    fn ending() -> Ending {
        Ending {
            timeout: Some(Duration::from_millis(100)),
            elapsed: Duration::from_millis(130),
            fuel_budget: Some(1000),
            fuel_used: Some(1200),
            memory_limit: 16 << 20,
            grace: Duration::from_millis(200),
            max_wasm_stack: 8 << 20,
            ..Ending::default()
        }
    }

    #[test]
    fn without_a_stop_results_and_errors_pass_through() {
        let e = ending();
        assert_eq!(e.soft_stop(), None);
        assert_eq!(e.outcome(Ok(5)).unwrap(), 5);
        let err = e.outcome::<()>(Err(exception("ValueError"))).unwrap_err();
        assert!(matches!(err, Error::Exception(x) if x.type_name == "ValueError"));
        let err = e.outcome::<()>(Err(Error::Exit(2))).unwrap_err();
        assert!(matches!(err, Error::Exit(2)));
    }

    #[test]
    fn a_soft_stop_is_a_limit_keeping_the_exception() {
        let e = Ending {
            stop: Some(LimitKind::Time),
            ..ending()
        };
        let hit = LimitHit {
            kind: LimitKind::Time,
            limit: 100,
            used: 130,
        };
        assert_eq!(e.soft_stop(), Some(hit));
        match e.outcome::<()>(Err(exception("KeyboardInterrupt"))) {
            Err(Error::Limit {
                hit: h,
                exception: Some(x),
            }) => {
                assert_eq!(h, hit);
                assert_eq!(x.type_name, "KeyboardInterrupt");
            }
            other => panic!("{other:?}"),
        }
        // Code that swallowed the interrupt and finished still hit the limit.
        assert!(matches!(
            e.outcome(Ok(1)),
            Err(Error::Limit {
                exception: None,
                ..
            })
        ));
        let e = Ending {
            stop: Some(LimitKind::Fuel),
            ..ending()
        };
        assert_eq!(
            e.soft_stop(),
            Some(LimitHit {
                kind: LimitKind::Fuel,
                limit: 1000,
                used: 1200
            })
        );
    }

    #[test]
    fn memory_errors_are_limits_only_when_the_cap_refused() {
        let e = ending();
        assert!(matches!(
            e.outcome::<()>(Err(exception("MemoryError"))),
            Err(Error::Exception(_))
        ));
        let e = Ending {
            memory_refused: Some(32 << 20),
            ..ending()
        };
        match e.outcome::<()>(Err(exception("MemoryError"))) {
            Err(Error::Limit {
                hit,
                exception: Some(_),
            }) => assert_eq!(
                hit,
                LimitHit {
                    kind: LimitKind::Memory,
                    limit: 16 << 20,
                    used: 32 << 20
                }
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            e.outcome::<()>(Err(exception("ValueError"))),
            Err(Error::Exception(_))
        ));
    }

    #[test]
    fn traps_name_the_limit_that_lost_the_session() {
        let hard = Ending {
            hard_stopped: true,
            ..ending()
        };
        let (reason, hit) = hard.lost(Some(wasmtime::Trap::Interrupt), "x".into());
        assert_eq!(hit.unwrap().kind, LimitKind::Time);
        assert_eq!(
            reason,
            "time limit of 100 ms exceeded (ran 130 ms), and the code did not stop within the 200 ms grace period"
        );
        let (reason, hit) = ending().lost(Some(wasmtime::Trap::OutOfFuel), "x".into());
        assert_eq!(hit.unwrap().kind, LimitKind::Fuel);
        assert!(
            reason.ends_with("within the grace of 10000000 more"),
            "{reason}"
        );
        let no_budget = Ending {
            fuel_budget: None,
            ..ending()
        };
        assert_eq!(
            no_budget.lost(Some(wasmtime::Trap::OutOfFuel), "out of fuel".into()),
            ("out of fuel".to_owned(), None)
        );
        let (reason, hit) = ending().lost(Some(wasmtime::Trap::StackOverflow), "x".into());
        assert_eq!(hit.unwrap().limit, 8 << 20);
        assert!(reason.starts_with("stack exhausted: stack limit of 8 MiB exhausted"));
        assert_eq!(
            ending().lost(
                Some(wasmtime::Trap::UnreachableCodeReached),
                "unreachable".into()
            ),
            ("unreachable".to_owned(), None)
        );
    }
}
