//! Criterion benchmarks of the library on the shared workloads (`workloads/mod.rs`).
//!
//! ```sh
//! RUST_LIB_BACKTRACE=0 cargo bench -p mpsandbox
//! ```
//!
//! `cargo xtask bench` measures the same workloads (and more: sessions per second, memory,
//! the CLI, the reference system, CPython) through the `bench` example, in one table.

mod workloads;

use criterion::{Criterion, criterion_group, criterion_main};
use mpsandbox::{Engine, Session, Value};

fn engine() -> Engine {
    Engine::new().expect("the component is built: run `cargo xtask build`")
}

fn session_with(engine: &Engine, setup: &str) -> Session {
    let mut session = engine.session().expect("session");
    session.exec(setup).expect("setup");
    session
}

fn sessions(c: &mut Criterion) {
    let engine = engine();
    c.bench_function("new session + first exec", |b| {
        b.iter(|| {
            let mut session = engine.session().expect("session");
            session.exec(workloads::FIRST_EXEC).expect("exec");
            session
        })
    });
}

fn round_trips(c: &mut Criterion) {
    let engine = engine();
    let mut session = session_with(&engine, workloads::WARM_SETUP);
    c.bench_function("warm exec", |b| {
        b.iter(|| session.exec(workloads::WARM_EXEC).expect("exec"))
    });

    session.exec(workloads::CALL_SETUP).expect("setup");
    let args = [Value::from(1), Value::from(2)];
    c.bench_function("call round trip", |b| {
        b.iter(|| {
            session
                .call(workloads::CALL_NAME, &args, &[])
                .expect("call")
        })
    });

    let mut hosted = engine
        .session_builder()
        .host_fn(workloads::HOST_FN_NAME, |args, _| {
            Ok(args.into_iter().next().unwrap_or(Value::None))
        })
        .build()
        .expect("session");
    hosted
        .exec(&format!("from host import {}", workloads::HOST_FN_NAME))
        .expect("import");
    c.bench_function("host function x1000 (in one exec)", |b| {
        b.iter(|| hosted.exec(workloads::HOST_FN_LOOP).expect("exec"))
    });
}

fn workloads(c: &mut Criterion) {
    let engine = engine();
    let mut group = c.benchmark_group("workloads");
    group.sample_size(20);
    let mut session = session_with(&engine, workloads::FIB_SETUP);
    group.bench_function("fib(25)", |b| {
        b.iter(|| session.exec(workloads::FIB).expect("exec"))
    });
    session.exec(workloads::STRINGS_DICTS_SETUP).expect("setup");
    group.bench_function("strings and dicts", |b| {
        b.iter(|| session.exec(workloads::STRINGS_DICTS).expect("exec"))
    });
    group.finish();
}

criterion_group!(benches, sessions, round_trips, workloads);
criterion_main!(benches);
