//! The sandbox composed with the example provider (`cargo xtask compose`), run by our own
//! host: host functions and `control` come from the provider component, and the host's
//! limits still hold.

use std::sync::OnceLock;
use std::time::Duration;

use mpsandbox::{Engine, Error, LimitKind, Value};

use crate::{compose_dir, exec, exec_err};

/// An engine for `mpsandbox-composed.wasm`.
fn composed() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let path = compose_dir().join("mpsandbox-composed.wasm");
        Engine::builder()
            .component_file(&path)
            .build()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot load {} ({e}): run cargo xtask compose",
                    path.display()
                )
            })
    })
}

#[test]
fn host_functions_come_from_the_provider_component() {
    let mut session = composed()
        .session_builder()
        // The provider answers `host`: functions the host offers are not reached.
        .host_fn("from_host", |_, _| Ok(Value::Int(1)))
        .build()
        .unwrap();
    let names = crate::eval(&mut session, "import host; host.names()");
    assert_eq!(
        names,
        Value::List(vec!["echo".into(), "now".into(), "time_left".into()])
    );
    let echoed = crate::eval(
        &mut session,
        "host.echo({'a': [1, 2**70, b'\\x00'], 'b': (None, 1.5)})",
    );
    let expected = crate::eval(
        &mut session,
        "{'a': [1, 2**70, b'\\x00'], 'b': (None, 1.5)}",
    );
    assert_eq!(echoed, expected);
    // No deadline was set: none is left to report.
    assert_eq!(crate::eval(&mut session, "host.time_left()"), Value::None);
    let now = crate::eval(&mut session, "host.now()");
    let Value::Float(now) = now else {
        panic!("now() gave {now:?}")
    };
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - system).abs() < 60.0, "now() {now}, system {system}");
    let err = exec_err(&mut session, "host.echo(1, 2)");
    assert!(
        err.to_string().contains("takes exactly one argument"),
        "{err}"
    );
    let err = exec_err(&mut session, "host.from_host()");
    assert!(err.to_string().contains("no such host function"), "{err}");
    // The session goes on.
    assert_eq!(crate::eval(&mut session, "6 * 7"), Value::Int(42));
}

#[test]
fn outbound_http_is_denied_by_the_provider() {
    // Even a host that allows the address: the provider answers the sandbox's requests.
    let mut session = composed()
        .session_builder()
        .allow_http("127.0.0.1:9")
        .build()
        .unwrap();
    let out = exec(
        &mut session,
        "import requests\ntry:\n    requests.get('http://127.0.0.1:9/')\nexcept requests.exceptions.RequestDenied as e:\n    print('denied', e)",
    );
    assert!(out.run.stdout.starts_with("denied "), "{}", out.run.stdout);
}

#[test]
fn the_hosts_limits_hold_for_the_composition() {
    let mut session = composed()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(32))
        .timeout(Duration::from_millis(300))
        .grace(Duration::from_millis(100))
        .build()
        .unwrap();
    // Memory: the cap is on every memory of the composition together, the interpreter's
    // among them (which is not the first the composition creates).
    exec(&mut session, "x = bytearray(20 << 20); del x");
    let err = exec_err(&mut session, "x = bytearray(40 << 20)");
    assert!(
        matches!(&err, Error::Limit { hit, .. } if hit.kind == LimitKind::Memory),
        "{err:?}"
    );
    assert_eq!(crate::eval(&mut session, "1 + 1"), Value::Int(2));
    // Time: the provider's `control` sets no deadline here, so the soft stop never comes;
    // the host's hard stop ends the call, and the session is lost.
    let err = exec_err(&mut session, "while True:\n    pass");
    assert!(
        matches!(&err, Error::SessionLost { limit: Some(hit), .. } if hit.kind == LimitKind::Time),
        "{err:?}"
    );
}

#[test]
fn the_composition_imports_only_wasi() {
    let imports = composed().component_imports();
    assert!(!imports.is_empty());
    assert!(
        imports.iter().all(|name| name.starts_with("wasi:")),
        "{imports:?}"
    );
    // The sandbox alone imports our interfaces, which the host answers.
    let own = crate::engine().component_imports();
    for interface in ["host-functions", "control"] {
        let name = format!("mpsandbox:sandbox/{interface}@0.1.0");
        assert!(own.contains(&name), "{own:?}");
    }
}
