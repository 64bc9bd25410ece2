//! Snapshots: save, restore and fork a session, in this process and across processes; the
//! byte form; capabilities, limits, and every kind of bad file.

use std::path::Path;

use mpsandbox::{
    ByteSize, DirAccess, Error, LimitKind, Session, SessionTemplate, Snapshot, SnapshotError, Value,
};
use tempfile::TempDir;

use crate::{cli, engine, eval, exec, exec_err, session};

/// State of every kind Python can hold between calls (shared with the JS tests), and a module
/// imported from the grant at /lib.
const TORTURE_SETUP: &str = concat!(
    include_str!("data/snapshot/torture_setup.py"),
    "import sys, mod_from_grant\n"
);

/// Observes all of that state, and moves it on.
const TORTURE_CHECK: &str = concat!(
    include_str!("data/snapshot/torture_check.py"),
    "print(mod_from_grant.VALUE, mod_from_grant.twice(21), 'mod_from_grant' in sys.modules)\n"
);

/// A directory holding `mod_from_grant.py`, to grant at /lib.
fn module_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mod_from_grant.py"),
        "VALUE = 'from the grant'\ndef twice(n):\n    return 2 * n\n",
    )
    .unwrap();
    dir
}

fn template_with_lib(dir: &Path) -> SessionTemplate {
    engine()
        .session_builder()
        .dir(dir, "/lib", DirAccess::ReadOnly)
        .template()
        .unwrap()
}

fn torture_session(template: &SessionTemplate) -> Session {
    let mut session = template.session().unwrap();
    exec(&mut session, "import sys; sys.path.append('/lib')");
    exec(&mut session, TORTURE_SETUP);
    session
}

#[test]
fn restore_and_fork_behave_as_the_original() {
    let lib = module_dir();
    let template = template_with_lib(lib.path());
    let mut original = torture_session(&template);
    let snapshot = original.snapshot().unwrap();
    let mut forked = original.fork().unwrap();
    let expected = exec(&mut original, TORTURE_CHECK).run.stdout;
    assert!(expected.contains("from the grant 42 True"), "{expected}");

    let mut restored = template.restore(&snapshot).unwrap();
    assert_eq!(exec(&mut restored, TORTURE_CHECK).run.stdout, expected);
    assert_eq!(exec(&mut forked, TORTURE_CHECK).run.stdout, expected);

    // Through the byte form, into a template of other settings with the same grant.
    let other = engine()
        .session_builder()
        .memory_limit(ByteSize::mib(64))
        .dir(lib.path(), "/lib", DirAccess::ReadOnly)
        .template()
        .unwrap();
    let mut from_bytes = other
        .restore(&Snapshot::from_bytes(&snapshot.to_bytes()).unwrap())
        .unwrap();
    assert_eq!(exec(&mut from_bytes, TORTURE_CHECK).run.stdout, expected);
}

#[test]
fn restore_in_another_process_behaves_as_the_original() {
    let lib = module_dir();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("torture.snap");
    let file = file.to_str().unwrap();
    let grant = format!("{}:/lib", lib.path().display());
    let setup = format!("import sys; sys.path.append('/lib')\n{TORTURE_SETUP}");
    let saved = cli(&["--dir", &grant, "--save", file, "-c", &setup], "");
    assert_eq!(saved.status, Some(0), "{}", saved.stderr);

    let mut original = torture_session(&template_with_lib(lib.path()));
    let expected = exec(&mut original, TORTURE_CHECK).run.stdout;
    let loaded = cli(&["--dir", &grant, "--load", file, "-c", TORTURE_CHECK], "");
    assert_eq!(loaded.status, Some(0), "{}", loaded.stderr);
    assert_eq!(loaded.stdout, expected);
}

#[test]
fn the_cli_keeps_state_across_processes() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("s.snap");
    let file = file.to_str().unwrap();
    assert_eq!(cli(&["--save", file, "-c", "n = 0"], "").status, Some(0));
    for expected in ["1\n", "2\n", "3\n"] {
        let run = cli(
            &[
                "--load", file, "--save", file, "-c", "n += 1", "-c", "print(n)",
            ],
            "",
        );
        assert_eq!(
            (run.status, run.stdout.as_str()),
            (Some(0), expected),
            "{}",
            run.stderr
        );
    }
    // A failing snippet still saves the state it left.
    let run = cli(&["--load", file, "--save", file, "-c", "n = 10; 1/0"], "");
    assert_eq!(run.status, Some(1));
    assert_eq!(cli(&["--load", file, "-c", "print(n)"], "").stdout, "10\n");
}

#[test]
fn the_cli_refuses_bad_files_with_a_clear_error() {
    let work = tempfile::tempdir().unwrap();
    let good = work.path().join("good.snap");
    let good_str = good.to_str().unwrap();
    assert_eq!(
        cli(&["--save", good_str, "-c", "n = 0"], "").status,
        Some(0)
    );
    let bytes = std::fs::read(&good).unwrap();
    let mut tampered = bytes.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x40;
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "empty",
            Vec::new(),
            "does not start with the snapshot header",
        ),
        (
            "text",
            b"print(1)\n".to_vec(),
            "does not start with the snapshot header",
        ),
        ("truncated", bytes[..bytes.len() - 10].to_vec(), "truncated"),
        ("tampered", tampered, "checksum"),
        (
            "version",
            version_changed(&bytes),
            "version 2 is not supported",
        ),
    ];
    for (name, contents, message) in cases {
        let path = work.path().join(name);
        std::fs::write(&path, contents).unwrap();
        let run = cli(&["--load", path.to_str().unwrap(), "-c", "print(1)"], "");
        assert_eq!(run.status, Some(2), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}");
    }
    let missing = work.path().join("missing.snap");
    let run = cli(&["--load", missing.to_str().unwrap(), "-c", "1"], "");
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("cannot read the snapshot"),
        "{}",
        run.stderr
    );
    // A file open at --save time: the run succeeded, the save did not, and says why; the
    // old file is kept.
    let out = tempfile::tempdir().unwrap();
    let grant = format!("{}:/out:rw", out.path().display());
    let run = cli(
        &[
            "--dir",
            &grant,
            "--save",
            good_str,
            "-c",
            "f = open('/out/x', 'w')",
        ],
        "",
    );
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("open"), "{}", run.stderr);
    assert_eq!(std::fs::read(&good).unwrap(), bytes);
}

/// The same bytes with the version field changed and the checksum made right again.
fn version_changed(bytes: &[u8]) -> Vec<u8> {
    let mut changed = bytes.to_vec();
    changed[8..12].copy_from_slice(&2u32.to_le_bytes());
    rechecksum(&mut changed);
    changed
}

/// Makes the checksum of a snapshot's bytes right again, as a forger would.
fn rechecksum(bytes: &mut [u8]) {
    let n = bytes.len() - 32;
    let checksum = *mpsandbox_tests::blake3::hash(&bytes[..n]).as_bytes();
    bytes[n..].copy_from_slice(&checksum);
}

/// An idle session's state is a few KiB: the adapter's stack and state, the empty heap and
/// pystack, and the reserve stay out.
#[test]
fn an_idle_snapshot_is_small() {
    let mut s = session();
    exec(&mut s, "x = 1");
    let snapshot = s.snapshot().unwrap();
    assert!(
        snapshot.state_bytes() < 32 << 10,
        "{:x?}",
        snapshot.layout()
    );
    assert!(snapshot.to_bytes().len() < 16 << 10);
}

#[test]
fn forks_diverge_independently() {
    let mut parent = session();
    exec(
        &mut parent,
        "log = []\ndef add(x):\n    log.append(x)\n    return len(log)",
    );
    let mut a = parent.fork().unwrap();
    let mut b = parent.fork().unwrap();
    exec(&mut a, "add('a'); add('a2')");
    exec(&mut b, "add('b')");
    exec(&mut parent, "add('p')");
    assert_eq!(eval(&mut a, "log"), eval_list(&["a", "a2"]));
    assert_eq!(eval(&mut b, "log"), eval_list(&["b"]));
    assert_eq!(eval(&mut parent, "log"), eval_list(&["p"]));
    // A fork of a fork.
    let mut aa = a.fork().unwrap();
    exec(&mut aa, "log.clear()");
    assert_eq!(eval(&mut a, "len(log)"), Value::Int(2));
    assert_eq!(eval(&mut aa, "len(log)"), Value::Int(0));
}

fn eval_list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::Str((*s).to_owned())).collect())
}

#[test]
fn restoring_goes_back_to_an_earlier_state() {
    let mut s = session();
    exec(&mut s, "x = 1");
    let before = s.snapshot().unwrap();
    exec(&mut s, "x = 2; y = 3");
    s.restore(&before).unwrap();
    assert_eq!(eval(&mut s, "x"), Value::Int(1));
    assert_eq!(exec(&mut s, "print('after', x)").run.stdout, "after 1\n");
    assert!(matches!(exec_err(&mut s, "y"), Error::Exception(e) if e.type_name == "NameError"));
}

#[test]
fn a_thousand_save_restore_cycles_do_not_grow() {
    let mut s = session();
    exec(&mut s, "data = list(range(1000))\ncount = 0");
    let mut sizes = Vec::new();
    for _ in 0..1000 {
        exec(&mut s, "count += 1; print(count)");
        let snapshot = s.snapshot().unwrap();
        sizes.push((snapshot.memory_size(), snapshot.state_bytes()));
        s.restore(&snapshot).unwrap();
    }
    assert_eq!(eval(&mut s, "count"), Value::Int(1000));
    // The heap grows with garbage until the collector's threshold, then holds: no trend
    // between the second and the last third of the cycles.
    let later = &sizes[333..];
    let (middle, last) = later.split_at(later.len() / 2);
    let most = |part: &[(u64, u64)]| {
        part.iter()
            .copied()
            .fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1)))
    };
    let (middle_memory, middle_state) = most(middle);
    let (last_memory, last_state) = most(last);
    assert_eq!(last_memory, middle_memory, "{sizes:?}");
    assert!(
        last_state <= middle_state + 4096,
        "{middle_state} -> {last_state}"
    );
}

#[test]
fn memory_caps_apply_on_restore() {
    let mut s = session();
    exec(&mut s, "data = bytearray(24 * 1024 * 1024)");
    let snapshot = s.snapshot().unwrap();
    assert!(snapshot.memory_size() > 24 << 20);
    // Compression: 24 MiB of zeros cost next to nothing.
    assert!(
        snapshot.to_bytes().len() < 1 << 20,
        "{}",
        snapshot.to_bytes().len()
    );
    let small = engine()
        .session_builder()
        .memory_limit(ByteSize::mib(16))
        .template()
        .unwrap();
    let error = small.restore(&snapshot).unwrap_err();
    assert_eq!(
        error.limit().map(|hit| hit.kind),
        Some(LimitKind::Memory),
        "{error}"
    );
    // A template that allows what it needs takes it, and its cap still applies after.
    let roomy = engine()
        .session_builder()
        .memory_limit(ByteSize(snapshot.memory_size() + (8 << 20)))
        .template()
        .unwrap();
    let mut restored = roomy.restore(&snapshot).unwrap();
    assert_eq!(eval(&mut restored, "len(data)"), Value::Int(24 << 20));
    let error = exec_err(&mut restored, "more = bytearray(64 * 1024 * 1024)");
    assert_eq!(
        error.limit().map(|hit| hit.kind),
        Some(LimitKind::Memory),
        "{error}"
    );
    assert_eq!(eval(&mut restored, "len(data)"), Value::Int(24 << 20));
}

/// Memory freed at the top of the heap is neither saved nor needed by a restore, and the
/// session that was saved still has it.
#[test]
fn freed_memory_is_not_carried() {
    let mut s = session();
    // Garbage stays in a snapshot until the collector runs: gc.collect() asks for it.
    exec(
        &mut s,
        "import gc; x = bytearray(40 * 1024 * 1024); del x; gc.collect()",
    );
    let snapshot = s.snapshot().unwrap();
    assert!(
        snapshot.memory_size() < 16 << 20,
        "{}",
        snapshot.memory_size()
    );
    let small = engine()
        .session_builder()
        .memory_limit(ByteSize::mib(16))
        .template()
        .unwrap();
    let mut restored = small.restore(&snapshot).unwrap();
    exec(&mut restored, "y = bytearray(4 * 1024 * 1024)");
    exec(&mut s, "x = bytearray(40 * 1024 * 1024)");
}

/// A state without grants, restored into a template with grants, saved again and restored
/// into another template with grants: every grant's prefix lives on the guest's heap (zig's
/// `strdup` once put them in memory that snapshots leave out, and the third instance trapped).
#[test]
fn grants_added_by_a_restore_survive_the_next_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "hi").unwrap();
    let granted = || {
        engine()
            .session_builder()
            .dir(dir.path(), "/data", DirAccess::ReadOnly)
            .template()
            .unwrap()
    };
    let mut plain = session();
    exec(&mut plain, "x = 1");
    let mut first = granted().restore(&plain.snapshot().unwrap()).unwrap();
    let read = "open('/data/a.txt').read()";
    assert_eq!(eval(&mut first, read), Value::Str("hi".into()));
    let mut again = first.snapshot().unwrap();
    for _ in 0..3 {
        let mut next = granted().restore(&again).unwrap();
        assert_eq!(eval(&mut next, "x"), Value::Int(1));
        assert_eq!(eval(&mut next, read), Value::Str("hi".into()));
        again = next.snapshot().unwrap();
    }
    // And through the byte form.
    let bytes = Snapshot::from_bytes(&again.to_bytes()).unwrap();
    let mut last = granted().restore(&bytes).unwrap();
    assert_eq!(eval(&mut last, read), Value::Str("hi".into()));
}

#[test]
fn capabilities_come_from_the_restoring_template() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    std::fs::create_dir(first.path().join("sub")).unwrap();
    std::fs::create_dir(second.path().join("sub")).unwrap();
    std::fs::write(first.path().join("sub/who.txt"), "first").unwrap();
    std::fs::write(second.path().join("sub/who.txt"), "second").unwrap();
    let mut s = engine()
        .session_builder()
        .dir(first.path(), "/data", DirAccess::ReadOnly)
        .host_fn("old_fn", |_, _| Ok(Value::Int(1)))
        .template()
        .unwrap()
        .session()
        .unwrap();
    exec(
        &mut s,
        "import os; os.chdir('/data/sub'); read = lambda: open('who.txt').read()",
    );
    assert_eq!(eval(&mut s, "read()"), Value::Str("first".into()));
    let snapshot = s.snapshot().unwrap();

    // Another directory at the same guest path, and other host functions: the working
    // directory is kept, the files are the new grant's.
    let other = engine()
        .session_builder()
        .dir(second.path(), "/data", DirAccess::ReadOnly)
        .host_fn("new_fn", |_, _| Ok(Value::Int(2)))
        .template()
        .unwrap();
    let mut restored = other.restore(&snapshot).unwrap();
    assert_eq!(
        eval(&mut restored, "os.getcwd()"),
        Value::Str("/data/sub".into())
    );
    assert_eq!(eval(&mut restored, "read()"), Value::Str("second".into()));
    assert_eq!(eval(&mut restored, "new_fn()"), Value::Int(2));
    assert!(
        matches!(exec_err(&mut restored, "old_fn()"), Error::Exception(e) if e.type_name == "NameError")
    );

    // No grants at all: the snapshot grants nothing.
    let bare = engine().session_builder().template().unwrap();
    let mut restored = bare.restore(&snapshot).unwrap();
    let error = exec_err(&mut restored, "read()");
    assert!(
        matches!(&error, Error::Exception(e) if e.type_name == "OSError"),
        "{error}"
    );
    assert!(matches!(
        exec_err(&mut restored, "os.listdir('/data')"),
        Error::Exception(_)
    ));
}

#[test]
fn open_files_are_refused_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = engine()
        .session_builder()
        .dir(dir.path(), "/out", DirAccess::ReadWrite)
        .template()
        .unwrap()
        .session()
        .unwrap();
    exec(&mut s, "f = open('/out/log.txt', 'w'); f.write('one\\n')");
    let error = s.snapshot().unwrap_err();
    assert!(
        matches!(&error, Error::Snapshot(SnapshotError::Unsupported(m)) if m.contains("open")),
        "{error}"
    );
    exec(&mut s, "f.write('two\\n'); f.close()");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("log.txt")).unwrap(),
        "one\ntwo\n"
    );
    s.snapshot().expect("a snapshot once the file is closed");
    // A directory listing holds a descriptor too.
    exec(
        &mut s,
        "import os; listing = os.ilistdir('/out'); next(listing)",
    );
    let error = s.snapshot().unwrap_err();
    assert!(
        matches!(&error, Error::Snapshot(SnapshotError::Unsupported(m)) if m.contains("listing")),
        "{error}"
    );
    exec(&mut s, "del listing");
    s.snapshot()
        .expect("a snapshot once the listing is dropped");
}

#[test]
fn setup_templates_start_sessions_from_the_setup_state() {
    let template = engine()
        .session_builder()
        .setup("import json, random\nTABLE = {i: i * i for i in range(100)}\ndef lookup(k):\n    return TABLE[k]")
        .template()
        .unwrap();
    assert!(template.base().is_some());
    let mut a = template.session().unwrap();
    let mut b = template.session().unwrap();
    assert_eq!(eval(&mut a, "lookup(12)"), Value::Int(144));
    exec(&mut a, "TABLE.clear()");
    assert_eq!(
        eval(&mut b, "json.dumps(lookup(3))"),
        Value::Str("9".into())
    );
    // A lost session of such a template restarts from the setup state, not a bare interpreter.
    let mut lost = engine()
        .session_builder()
        .setup("READY = True")
        .timeout(std::time::Duration::from_millis(50))
        .grace(std::time::Duration::from_millis(20))
        .restart_lost(true)
        .template()
        .unwrap()
        .session()
        .unwrap();
    let swallow = "while True:\n    try:\n        while True: pass\n    except BaseException: pass";
    assert!(matches!(
        exec_err(&mut lost, swallow),
        Error::SessionLost { .. }
    ));
    let out = lost.exec("print(READY)").unwrap();
    assert!(out.run.restarted.is_some());
    assert_eq!(out.run.stdout, "True\n");
    let error = engine()
        .session_builder()
        .setup("1/0")
        .template()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Exception(e) if e.type_name == "ZeroDivisionError"),
        "{error}"
    );
}

#[test]
fn snapshots_of_another_component_are_refused() {
    let mut s = session();
    let mut bytes = s.snapshot().unwrap().to_bytes();
    bytes[12] ^= 0xff; // the component id
    rechecksum(&mut bytes);
    let snapshot = Snapshot::from_bytes(&bytes).unwrap();
    let error = engine()
        .session_builder()
        .template()
        .unwrap()
        .restore(&snapshot)
        .unwrap_err();
    assert!(
        matches!(error, Error::Snapshot(SnapshotError::OtherComponent { .. })),
        "{error}"
    );
}

/// A crafted snapshot with a valid checksum and this component's id can put any bytes in
/// the guest's memory: the guest misbehaves inside its sandbox, and the host goes on.
#[test]
fn hostile_snapshots_only_harm_the_guest() {
    let mut s = session();
    exec(&mut s, "x = 1");
    let good = s.snapshot().unwrap().to_bytes();
    let header = 8 + 4 + 32 + 4 + 4 + 8 + 8;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..40 {
        // Re-compress garbage in place of the state: every region filled with noise.
        let original = Snapshot::from_bytes(&good).unwrap();
        let mut forged = good.clone();
        let regions = u32::from_le_bytes(forged[48..52].try_into().unwrap());
        let raw_len = u64::from_le_bytes(forged[52..60].try_into().unwrap()) as usize;
        let mut raw = Vec::with_capacity(raw_len);
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let _ = (regions, original.state_bytes());
        let packed = &good[header..good.len() - 32];
        let mut plain = mpsandbox_tests::lz4_flex::block::decompress(packed, raw_len).unwrap();
        // Keep the region headers; flip bytes in the contents at random.
        for _ in 0..(1 << (round % 12)) {
            let at = (next() as usize) % plain.len();
            plain[at] = next() as u8;
        }
        raw.extend_from_slice(&plain);
        let packed = mpsandbox_tests::lz4_flex::block::compress(&raw);
        forged.truncate(header);
        forged[52..60].copy_from_slice(&(raw.len() as u64).to_le_bytes());
        forged[60..68].copy_from_slice(&(packed.len() as u64).to_le_bytes());
        forged.extend_from_slice(&packed);
        forged.extend_from_slice(&[0; 32]);
        rechecksum(&mut forged);
        let Ok(snapshot) = Snapshot::from_bytes(&forged) else {
            continue; // a region header was hit: refused as malformed
        };
        let template = engine()
            .session_builder()
            .timeout(std::time::Duration::from_secs(2))
            .template()
            .unwrap();
        if let Ok(mut restored) = template.restore(&snapshot) {
            // Anything may happen in there but a host crash: an answer, an error, a loss.
            let _ = restored.exec("print(x); [i * i for i in range(1000)]");
            let _ = restored.exec("x");
        }
    }
    // And the host is fine.
    assert_eq!(eval(&mut s, "x + 1"), Value::Int(2));
}

/// A restored session whose state was taken with the heap's top cut (after a collection)
/// takes snapshots again and again.
#[test]
fn restored_sessions_snapshot_again() {
    let mut s = session();
    exec(
        &mut s,
        "import random, gc\nx = bytearray(4 << 20)\ndel x\ngc.collect()",
    );
    let mut r = s.fork().unwrap();
    for _ in 0..3 {
        let snapshot = r.snapshot().unwrap();
        r = r.template().restore(&snapshot).unwrap();
    }
    assert_eq!(eval(&mut r, "len(bytearray(1 << 20))"), Value::Int(1 << 20));
}

/// `random.seed()` takes fresh entropy, also in restored sessions (which start with the
/// saved generator's state).
#[test]
fn random_seed_takes_fresh_entropy_after_a_restore() {
    let mut s = session();
    exec(&mut s, "import random");
    let snapshot = s.snapshot().unwrap();
    let draws: Vec<Value> = (0..3)
        .map(|_| {
            let mut r = s.template().restore(&snapshot).unwrap();
            eval(&mut r, "random.seed(); random.getrandbits(30)")
        })
        .collect();
    assert!(draws[0] != draws[1] || draws[1] != draws[2], "{draws:?}");
}
