//! Capabilities: nothing is ambient (no arguments, no environment); deterministic mode.

use crate::{engine, eval, exec, session};
use mpsandbox::{DETERMINISTIC_EPOCH, Session, Value};

const SAMPLE: &str = "import random, time\n\
    t0 = time.time()\n\
    m0 = time.monotonic()\n\
    r = [random.random(), random.getrandbits(32), random.randint(1, 10**6), t0, time.time(), m0]\n\
    r";

fn deterministic(seed: u64) -> Session {
    engine()
        .session_builder()
        .deterministic(seed)
        .build()
        .expect("a session starts")
}

fn sample(session: &mut Session) -> Value {
    eval(session, SAMPLE)
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let a = sample(&mut deterministic(42));
    let b = sample(&mut deterministic(42));
    assert_eq!(a, b);
    let Value::List(items) = &a else {
        panic!("{a:?}")
    };
    // The clocks are fixed: the wall clock at the epoch, the monotonic clock at 0.
    assert_eq!(items[3], Value::Float(DETERMINISTIC_EPOCH as f64));
    assert_eq!(items[4], Value::Float(DETERMINISTIC_EPOCH as f64));
    assert_eq!(items[5], Value::Float(0.0));
    // Printed output too.
    let code =
        "import random\nprint(random.random(), random.getrandbits(32), random.choice('abcdefgh'))";
    let a = exec(&mut deterministic(7), code).run.stdout;
    let b = exec(&mut deterministic(7), code).run.stdout;
    assert_eq!(a, b);
}

#[test]
fn different_seeds_give_different_random_numbers() {
    let a = sample(&mut deterministic(1));
    let b = sample(&mut deterministic(2));
    let (Value::List(a), Value::List(b)) = (&a, &b) else {
        panic!("{a:?} {b:?}")
    };
    assert_ne!(a[..3], b[..3]);
    // The clocks do not depend on the seed.
    assert_eq!(a[3..], b[3..]);
}

#[test]
fn without_a_seed_runs_differ() {
    let a = sample(&mut session());
    let b = sample(&mut session());
    let (Value::List(a), Value::List(b)) = (&a, &b) else {
        panic!("{a:?} {b:?}")
    };
    assert_ne!(a[..3], b[..3]);
    // The real clock: after 2024.
    let Value::Float(now) = a[3] else {
        panic!("{a:?}")
    };
    assert!(now > DETERMINISTIC_EPOCH as f64 + 1e7, "{now}");
}

#[test]
fn deterministic_time_advances_by_sleeps_only() {
    let mut s = deterministic(3);
    let out = eval(
        &mut s,
        "import time\n\
         t0, m0 = time.time(), time.monotonic()\n\
         time.sleep(0.25)\n\
         time.sleep_ms(30)\n\
         [t0, round(time.time() - t0, 6), time.monotonic() - m0, time.ticks_ms()]",
    );
    assert_eq!(
        out,
        Value::List(vec![
            Value::Float(DETERMINISTIC_EPOCH as f64),
            Value::Float(0.28),
            Value::Float(0.28),
            Value::Int(280),
        ])
    );
    // And time.time() stays where the sleeps left it, across execs.
    assert_eq!(
        eval(&mut s, "round(time.time() - t0, 6)"),
        Value::Float(0.28)
    );
}

#[test]
fn the_guest_gets_no_arguments_and_no_environment() {
    let mut s = session();
    assert_eq!(eval(&mut s, "import sys\nsys.argv"), Value::List(vec![]));
    // `os` has files (in grants) but no environment, processes or host entropy.
    let value = eval(
        &mut s,
        "import os\n[hasattr(os, n) for n in ('environ', 'getenv', 'putenv', 'system', 'urandom', 'uname', 'listdir')]",
    );
    assert_eq!(
        value,
        Value::List(
            [false, false, false, false, false, false, true]
                .map(Value::Bool)
                .to_vec()
        )
    );
}
