//! The snapshot rows of the `bench` example: snapshot, restore and fork of an idle session and
//! of one holding about 1 MiB of live data, a new session + first exec from a template made
//! with setup code, and the size of the snapshots' byte form.

use std::time::Instant;

use mpsandbox::{Engine, Session};

use super::{Budget, measure, median_us};

/// Live data of about 1 MiB: 16,384 distinct strings of 48 characters in a list (64 bytes
/// each on the heap), the garbage of making them collected.
pub const LIVE_1MIB: &str =
    "import gc\ndata = [('%08d' % i) * 6 for i in range(16384)]\ngc.collect()";

/// The setup code of the template row: an import, a helper and a table.
pub const TEMPLATE_SETUP: &str =
    "import json\nTABLE = {i: i * i for i in range(256)}\ndef lookup(k):\n    return TABLE[k]";

/// Measures the rows and hands each to `record(id, label, value, unit)`.
pub fn rows(
    engine: &Engine,
    budget: &Budget,
    record: &mut dyn FnMut(&str, &str, f64, &str),
) -> Result<(), Box<dyn std::error::Error>> {
    let template = engine.session_builder().template()?;
    for (name, setup) in [("idle", None), ("1mib", Some(LIVE_1MIB))] {
        let mut session = template.session()?;
        session.exec(setup.unwrap_or("x = 1"))?;
        let label = if setup.is_some() {
            "1 MiB live data"
        } else {
            "idle session"
        };
        let taking = median_of(budget, || session.snapshot().expect("snapshot"));
        record(
            &format!("snapshot_{name}"),
            &format!("snapshot, {label}"),
            taking,
            "us",
        );
        let snapshot = session.snapshot()?;
        let restoring = median_of(budget, || template.restore(&snapshot).expect("restore"));
        record(
            &format!("restore_{name}"),
            &format!("restore, {label}"),
            restoring,
            "us",
        );
        let forking = median_of(budget, || session.fork().expect("fork"));
        record(
            &format!("fork_{name}"),
            &format!("fork, {label}"),
            forking,
            "us",
        );
        record(
            &format!("snapshot_bytes_{name}"),
            &format!("snapshot file, {label}"),
            snapshot.to_bytes().len() as f64 / 1024.0,
            "KiB",
        );
    }

    let setup_template = engine.session_builder().setup(TEMPLATE_SETUP).template()?;
    let first_exec = median_of(budget, || {
        let mut session: Session = setup_template.session().expect("session");
        session.exec("lookup(12)").expect("exec");
        session
    });
    record(
        "template_first_exec",
        "new session + first exec, setup template",
        first_exec,
        "us",
    );
    Ok(())
}

/// The median time of `f` in microseconds; what it returns is dropped outside the timing.
fn median_of<T>(budget: &Budget, mut f: impl FnMut() -> T) -> f64 {
    median_us(measure(budget, || {
        let t = Instant::now();
        let made = f();
        let elapsed = t.elapsed();
        drop(made);
        elapsed
    }))
}
