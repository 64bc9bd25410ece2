//! The pooling allocator: sessions beyond the pool start on demand, slots are reused without
//! leaking state, and every limit works on both kinds of session.

use std::time::Duration;

use crate::{engine, exec, exec_err, repr};
use mpsandbox::{Engine, Error, LimitKind, Session};

/// A small pool, so that tests can fill it.
fn small_pool(sessions: u32) -> Engine {
    let engine = Engine::builder().pool_size(sessions).build().unwrap();
    assert!(engine.is_pooled(), "the pool could be reserved");
    engine
}

#[test]
fn the_default_engine_is_pooled() {
    assert!(engine().is_pooled());
    assert!(crate::session().is_pooled());
    let unpooled = Engine::builder().pool_size(0).build().unwrap();
    assert!(!unpooled.is_pooled());
    let mut s = unpooled.session().unwrap();
    assert!(!s.is_pooled());
    assert_eq!(repr(&mut s, "1 + 1"), "2");
}

#[test]
fn sessions_beyond_the_pool_start_on_demand() {
    let engine = small_pool(2);
    let mut sessions: Vec<Session> = (0..6).map(|_| engine.session().unwrap()).collect();
    let pooled: Vec<bool> = sessions.iter().map(Session::is_pooled).collect();
    assert_eq!(pooled, [true, true, false, false, false, false]);
    for (i, s) in sessions.iter_mut().enumerate() {
        exec(
            s,
            &format!(
                "x = {i}\ntry:\n    raise ValueError(x)\nexcept ValueError as e:\n    y = e.args[0]"
            ),
        );
    }
    for (i, s) in sessions.iter_mut().enumerate() {
        assert_eq!(repr(s, "x, y"), format!("({i}, {i})"));
    }
    // Freed slots are taken again, and hold nothing of their former sessions.
    sessions.truncate(1);
    for _ in 0..3 {
        let mut s = engine.session().unwrap();
        assert!(s.is_pooled());
        let err = exec_err(&mut s, "x");
        assert!(
            matches!(err, Error::Exception(ref e) if e.type_name == "NameError"),
            "{err}"
        );
        exec(&mut s, "x = 'new'");
    }
    assert_eq!(repr(&mut sessions[0], "x"), "0");
}

/// Every limit, on a session from the pool and on one beyond it.
#[test]
fn limits_work_in_and_beyond_the_pool() {
    let engine = small_pool(1);
    let _holder = engine.session().unwrap();
    let pooled_engine = small_pool(4);
    for (engine, pooled) in [(&pooled_engine, true), (&engine, false)] {
        // A cap above the default 256 MiB lets the heap grow past it...
        let mut s = engine
            .session_builder()
            .memory_limit(mpsandbox::ByteSize::mib(320))
            .build()
            .unwrap();
        assert_eq!(s.is_pooled(), pooled);
        exec(&mut s, "b = bytearray(280 * 1024 * 1024)\nb[-1] = 1");
        // ... and a small one stops it, catchably.
        let mut s = engine
            .session_builder()
            .memory_limit(mpsandbox::ByteSize::mib(16))
            .build()
            .unwrap();
        let err = exec_err(&mut s, "b = bytearray(32 * 1024 * 1024)");
        assert_eq!(
            err.limit().map(|h| h.kind),
            Some(LimitKind::Memory),
            "{err}"
        );
        assert_eq!(repr(&mut s, "1 + 1"), "2");
        // The hard stop of a timeout traps (epoch interruption), and a lost session
        // restarts.
        let mut s = engine
            .session_builder()
            .timeout(Duration::from_millis(50))
            .grace(Duration::from_millis(20))
            .restart_lost(true)
            .build()
            .unwrap();
        let err = exec_err(&mut s, "x = 7 ** (10**7)");
        assert!(matches!(err, Error::SessionLost { .. }), "{err}");
        let out = s.exec("1 + 1").unwrap();
        assert!(out.run.restarted.is_some());
        assert_eq!(out.repr.as_deref(), Some("2"));
    }
}

#[test]
fn fuel_is_metered_beyond_the_pool() {
    let engine = Engine::builder().fuel(true).pool_size(1).build().unwrap();
    let _holder = engine.session().unwrap();
    let mut s = engine.session_builder().fuel(1_000_000).build().unwrap();
    let err = exec_err(&mut s, "while True:\n    pass");
    assert_eq!(err.limit().map(|h| h.kind), Some(LimitKind::Fuel), "{err}");
    assert_eq!(repr(&mut s, "1 + 1"), "2");
}
