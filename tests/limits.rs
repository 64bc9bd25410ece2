//! Limits: memory cap, timeouts (soft and hard), fuel, stack, output, lost sessions that
//! restart, and the usage report.

use std::time::Duration;

use crate::{engine, eval, exec, exec_err, fuel_engine, session};
use mpsandbox::{ByteSize, Error, LimitKind, RunLimits, Session, Value};

/// Code that catches every exception and carries on (every loop inside a try, so the
/// interrupt cannot land where nothing catches it).
const SWALLOW: &str = "def swallow():\n    try:\n        while True:\n            try:\n                while True:\n                    pass\n            except BaseException:\n                pass\n    except BaseException:\n        swallow()\nswallow()";

/// A session with a timeout and a grace period, both in milliseconds.
fn timed_session(timeout_ms: u64, grace_ms: u64) -> Session {
    engine()
        .session_builder()
        .timeout(Duration::from_millis(timeout_ms))
        .grace(Duration::from_millis(grace_ms))
        .build()
        .unwrap()
}

#[test]
fn allocation_past_the_memory_cap_is_a_catchable_memory_error() {
    let mut s = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(16))
        .build()
        .unwrap();
    exec(&mut s, "keep = [1, 2, 3]");
    let out = exec(
        &mut s,
        "try:\n    b = bytearray(10**9)\nexcept MemoryError:\n    caught = True\ncaught",
    );
    assert_eq!(out.value, Some(Value::Bool(true)));
    assert!(out.run.usage.memory <= 16 << 20, "{:?}", out.run.usage);
    // Uncaught: a memory limit error carrying the MemoryError; the session survives.
    let err = s.exec("x = bytearray(10**9)").unwrap_err();
    let Error::Limit { hit, exception } = &err.error else {
        panic!("expected a memory limit, got {}", err.error)
    };
    assert_eq!(hit.kind, LimitKind::Memory);
    assert_eq!(hit.limit, 16 << 20);
    assert!(hit.used > 16 << 20, "{hit:?}");
    assert_eq!(exception.as_ref().unwrap().type_name, "MemoryError");
    assert!(err.to_string().contains("memory limit of 16 MiB"), "{err}");
    assert_eq!(eval(&mut s, "keep"), Value::from(vec![1, 2, 3]));
}

#[test]
fn list_doubling_ends_in_memory_error_and_the_session_survives() {
    let mut s = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(24))
        .build()
        .unwrap();
    exec(&mut s, "keep = 'kept'");
    // Live data doubling past the cap.
    let err = exec_err(&mut s, "x = [0]\nwhile True:\n    x = x + x");
    assert_eq!(
        err.limit().map(|h| h.kind),
        Some(LimitKind::Memory),
        "{err}"
    );
    // The next exec collects the garbage and runs normally.
    assert_eq!(eval(&mut s, "keep"), Value::from("kept"));
    exec(&mut s, "y = [i for i in range(10000)]");
    assert_eq!(eval(&mut s, "len(y)"), Value::Int(10000));
}

#[test]
fn a_timeout_stops_the_code_softly_and_keeps_the_globals() {
    let mut s = timed_session(100, 5000);
    exec(&mut s, "x = 1");
    let err = s.exec("x = 2\nwhile True:\n    x += 1").unwrap_err();
    let Error::Limit { hit, exception } = &err.error else {
        panic!("expected a time limit, got {}", err.error)
    };
    assert_eq!(hit.kind, LimitKind::Time);
    assert_eq!(hit.limit, 100);
    assert!(hit.used >= 100);
    assert_eq!(exception.as_ref().unwrap().type_name, "KeyboardInterrupt");
    assert!(
        err.to_string().starts_with("time limit of 100 ms exceeded"),
        "{err}"
    );
    assert!(err.run.usage.wall >= Duration::from_millis(100));
    // The globals survive, as the code left them.
    assert!(matches!(eval(&mut s, "x"), Value::Int(n) if n > 2));
    // `except Exception` does not catch it.
    let err = exec_err(
        &mut s,
        "try:\n    while True:\n        pass\nexcept Exception:\n    print('caught')",
    );
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time));
    // time.sleep is interrupted too.
    let err = exec_err(&mut s, "import time\ntime.sleep(60)");
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time));
    // A call with a longer timeout, and the next exec with the session's.
    let out = s
        .exec_with(
            "import time\ntime.sleep(0.2)\n'slept'",
            RunLimits::none().timeout(Duration::from_secs(30)),
        )
        .unwrap();
    assert_eq!(out.value, Some(Value::from("slept")));
    exec(&mut s, "def spin():\n    while True:\n        pass");
    let err = s.call("spin", &[], &[]).unwrap_err();
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time));
    assert_eq!(eval(&mut s, "x > 2"), Value::Bool(true));
}

#[test]
fn functions_called_from_c_are_stopped_softly_at_their_returns() {
    // No loop of its own: the only hooks are the returns of `f`, each in a VM that `sum`
    // (C) started. A return to the entry does not poll (the entry's code is done), but these
    // must, or only the hard stop would end the run.
    let mut s = timed_session(200, 5000);
    exec(&mut s, "def f(x):\n    return x % 2");
    let err = exec_err(&mut s, "sum(map(f, range(10**9)))");
    let Error::Limit { hit, exception } = &err else {
        panic!("expected a time limit, got {err}")
    };
    assert_eq!(hit.kind, LimitKind::Time);
    assert_eq!(exception.as_ref().unwrap().type_name, "KeyboardInterrupt");
    // A key function, the same way.
    let err = exec_err(&mut s, "max(range(10**9), key=f)");
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time), "{err}");
    // Stopped softly: the session goes on, and short execs need no poll to end.
    assert_eq!(eval(&mut s, "f(41) + 41"), Value::Int(42));
}

#[test]
fn code_that_swallows_the_soft_stop_is_hard_stopped_and_the_session_is_lost() {
    let mut s = timed_session(50, 50);
    let err = s.exec(SWALLOW).unwrap_err();
    let Error::SessionLost { reason, limit } = &err.error else {
        panic!("expected a lost session, got {}", err.error)
    };
    assert_eq!(limit.map(|h| h.kind), Some(LimitKind::Time));
    assert!(reason.contains("time limit of 50 ms"), "{reason}");
    assert!(reason.contains("grace"), "{reason}");
    let again = exec_err(&mut s, "1");
    assert!(matches!(again, Error::SessionLost { .. }));
    // Stuck in C: no poll ever comes.
    let mut s = timed_session(50, 50);
    let err = exec_err(&mut s, "x = 7 ** (10**7)");
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time), "{err}");
    assert!(matches!(err, Error::SessionLost { .. }));
}

#[test]
fn lost_sessions_can_restart_and_say_so() {
    let mut s = engine()
        .session_builder()
        .timeout(Duration::from_millis(50))
        .grace(Duration::from_millis(20))
        .restart_lost(true)
        .build()
        .unwrap();
    exec(&mut s, "x = 1");
    let err = exec_err(&mut s, SWALLOW);
    assert!(matches!(err, Error::SessionLost { .. }));
    let out = s.exec("'x' in globals()").unwrap();
    assert!(
        out.run.restarted.as_deref().unwrap().contains("time limit"),
        "{out:?}"
    );
    assert_eq!(out.value, Some(Value::Bool(false)), "a fresh interpreter");
    let out = s.exec("1").unwrap();
    assert_eq!(out.run.restarted, None);
}

#[test]
fn fuel_budgets_stop_softly_then_hard() {
    let mut s = fuel_engine()
        .session_builder()
        .fuel(5_000_000)
        .build()
        .unwrap();
    let out = exec(&mut s, "x = sum(range(100))");
    let used = out.run.usage.fuel.expect("fuel is reported");
    assert!(used > 0 && used < 5_000_000, "{used}");
    let err = exec_err(&mut s, "x = 0\nwhile True:\n    x += 1");
    let hit = err.limit().unwrap();
    assert_eq!(hit.kind, LimitKind::Fuel);
    assert_eq!(hit.limit, 5_000_000);
    assert!(matches!(err, Error::Limit { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("fuel limit of 5000000 exceeded"),
        "{err}"
    );
    assert!(matches!(eval(&mut s, "x"), Value::Int(n) if n > 0));
    // A per-call override.
    let out = s
        .exec_with(
            "for i in range(10**5):\n    pass",
            RunLimits::none().fuel(10u64.pow(10)),
        )
        .unwrap();
    assert!(out.run.usage.fuel.unwrap() > 5_000_000);
    // Swallowed: the hard stop when the grace runs out too.
    let err = exec_err(&mut s, SWALLOW);
    let Error::SessionLost { limit, .. } = &err else {
        panic!("expected a lost session, got {err}")
    };
    assert_eq!(limit.map(|h| h.kind), Some(LimitKind::Fuel));
    // Without fuel metering there is no fuel report.
    let mut plain = session();
    assert_eq!(exec(&mut plain, "1").run.usage.fuel, None);
}

#[test]
fn stack_exhaustion_is_a_lost_session_naming_the_stack() {
    let mut s = session();
    // Recursion is a Python error.
    let err = exec_err(&mut s, "def r(): r()\nr()");
    assert!(matches!(&err, Error::Exception(e) if e.type_name == "RuntimeError"));
    // Hashing deeply nested tuples never reaches MicroPython's check.
    let err = exec_err(
        &mut s,
        "t = ()\nfor i in range(10**6):\n    t = (t,)\nhash(t)",
    );
    let Error::SessionLost { reason, limit } = &err else {
        panic!("expected a lost session, got {err}")
    };
    assert_eq!(limit.map(|h| h.kind), Some(LimitKind::Stack), "{reason}");
    assert!(reason.starts_with("stack exhausted"), "{reason}");
    // The host is fine.
    assert_eq!(eval(&mut session(), "1 + 1"), Value::Int(2));
}

#[test]
fn an_output_flood_is_cut_and_stopped_by_the_timeout() {
    let mut s = engine()
        .session_builder()
        .max_output(10_000u64)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = s.exec("while True:\n    print('x' * 1000)").unwrap_err();
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Time));
    assert!(err.run.stdout_truncated);
    assert_eq!(err.run.stdout.len(), 10_000);
    assert_eq!(eval(&mut s, "1"), Value::Int(1));
}

#[test]
fn every_result_reports_usage() {
    let mut s = session();
    let out = exec(&mut s, "x = bytearray(3 * 1024 * 1024)");
    assert!(out.run.usage.memory >= 3 << 20, "{:?}", out.run.usage);
    assert!(out.run.usage.wall > Duration::ZERO);
    let err = s.exec("1/0").unwrap_err();
    assert!(err.run.usage.memory >= 3 << 20);
    assert!(err.run.usage.wall > Duration::ZERO);
    exec(&mut s, "def f(): return 1");
    let out = s.call("f", &[], &[]).unwrap();
    assert!(out.run.usage.memory > 0);
    // A KeyboardInterrupt the code raises itself is an ordinary exception.
    let err = exec_err(&mut s, "raise KeyboardInterrupt");
    assert!(
        matches!(&err, Error::Exception(e) if e.type_name == "KeyboardInterrupt"),
        "{err}"
    );
}

#[test]
fn garbage_is_collected_during_a_call() {
    // Each loop makes about 20 times the cap in garbage: collections must run mid-call, at
    // top level, in functions, in methods, and when the host calls a function.
    let mut s = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(8))
        .build()
        .unwrap();
    let garbage = "s = ''\nfor i in range(6000):\n    s = s + 'x'\nlen(s)";
    assert_eq!(eval(&mut s, garbage), Value::Int(6000));
    exec(
        &mut s,
        "def churn(n, keep):\n    for i in range(n):\n        junk = [str(i) * 100, {i: bytes(200)}]\n    return len(keep)\n\
         class C:\n    def churn(self, n):\n        return churn(n, [self])",
    );
    assert_eq!(eval(&mut s, "churn(200000, [1, 2, 3])"), Value::Int(3));
    assert_eq!(eval(&mut s, "C().churn(200000)"), Value::Int(1));
    let out = s
        .call("churn", &[Value::Int(200000), Value::from(vec![7; 5])], &[])
        .unwrap();
    assert_eq!(out.value, Value::Int(5));
    assert!(out.run.usage.memory <= 8 << 20, "{:?}", out.run.usage);
}

/// Live objects in every kind of place (locals, closures, suspended generators, key
/// functions, exceptions being handled, the value stack of an expression half evaluated)
/// while garbage forces collections mid-call.
const GC_TORTURE: &str = r#"# Live objects held in every kind of place while garbage forces collections mid-call.
class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)

    def total(self):
        return self.value + sum(c.total() for c in self.children)

def churn(n):
    # Garbage: strings, lists, dicts, tuples, floats, big ints.
    junk = 0
    for i in range(n):
        s = str(i) * 20
        l = [s, (i, float(i)), {"k": s}]
        junk += len(l[0]) + (i ** 5) % 7
    return junk

def counter():
    box = [0]
    def bump(k=1):
        box[0] += k
        churn(50)
        return box[0]
    return bump

def gen(n):
    held = [str(i) * 3 for i in range(50)]
    for i in range(n):
        churn(20)
        yield i, held[i % 50]

tree = Node(1, [Node(i, [Node(j) for j in range(5)]) for i in range(20)])
bump = counter()
results = {}
acc = []
for round in range(30):
    local_list = [bytes([round % 256]) * 100, "r%d" % round, [round] * 10]
    results[round] = (tree.total(), bump(k=round), churn(2000))
    acc.extend(x for x, _ in gen(5))
    words = sorted(["w%03d" % ((i * 37) % 101) for i in range(101)], key=lambda w: (churn(2), w)[1])
    try:
        raise ValueError("round %d" % round)
    except ValueError as e:
        churn(100)
        msg = str(e)
    assert local_list[1] == "r%d" % round and local_list[2] == [round] * 10 and len(local_list[0]) == 100
    assert msg == "round %d" % round and words[0] == "w000" and words[-1] == "w100"
checksum = sum(a + b + c for a, b, c in results.values()) + sum(acc) + tree.total()
print(checksum, len(results), len(acc), bump(0))
"#;

#[test]
fn collections_during_a_call_keep_every_live_object() {
    let mut s = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(4))
        .build()
        .unwrap();
    let out = exec(&mut s, GC_TORTURE);
    // What CPython 3 prints for the same program.
    assert_eq!(out.run.stdout, "4330826 30 150 435\n");
}

/// `Duration::MAX` and `u64::MAX` are no limit, never a host panic (#11 item 2).
#[test]
fn the_largest_limits_are_no_limits() {
    let mut s = fuel_engine()
        .session_builder()
        .timeout(Duration::MAX)
        .grace(Duration::MAX)
        .fuel(u64::MAX)
        .http_timeout(Duration::MAX)
        .allow_http("127.0.0.1:1")
        .build()
        .unwrap();
    assert_eq!(eval(&mut s, "sum(range(100))"), Value::Int(4950));
    let out = exec(
        &mut s,
        "import requests\ntry:\n    requests.get('http://127.0.0.1:1/')\nexcept requests.ConnectionError:\n    print('refused')",
    );
    assert_eq!(out.run.stdout, "refused\n");
    let out = s
        .exec_with(
            "x = 1",
            RunLimits {
                timeout: Some(Duration::MAX),
                fuel: Some(u64::MAX),
            },
        )
        .unwrap();
    assert!(out.run.usage.wall < Duration::from_secs(60));
}

/// #11 item 9: data handed to the guest past its memory cap trapped while being lowered, and
/// the session was lost. Now scripts and arguments too large are the memory limit, results
/// and messages of host functions too large are a catchable `HostError`, and the session
/// keeps its state.
#[test]
fn data_too_large_for_the_guest_memory_is_refused_and_the_session_survives() {
    let mut s = engine()
        .session_builder()
        .memory_limit(ByteSize::mib(16))
        .host_fn("big", |_, _| Ok(Value::Bytes(vec![7; 20 << 20])))
        .host_fn("loud", |_, _| Err("x".repeat(20 << 20)))
        .build()
        .unwrap();
    exec(&mut s, "keep = 'kept'");
    let script = format!("x = 1\n#{}\n", "a".repeat(20 << 20));
    let err = s.exec(&script).unwrap_err().error;
    assert_eq!(
        err.limit().map(|h| h.kind),
        Some(LimitKind::Memory),
        "{err}"
    );
    let err = s
        .call("len", &[Value::Bytes(vec![0; 20 << 20])], &[])
        .unwrap_err()
        .error;
    assert_eq!(
        err.limit().map(|h| h.kind),
        Some(LimitKind::Memory),
        "{err}"
    );
    let out = exec(
        &mut s,
        "import host\nfor f in (host.big, host.loud):\n    try:\n        f()\n    except host.HostError as e:\n        print(len(str(e)) < 100_000, str(e)[:40])",
    );
    assert_eq!(
        out.run.stdout,
        "True the result of host function 'big' (20971\nTrue xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
    );
    assert_eq!(eval(&mut s, "keep"), Value::from("kept"));
}
