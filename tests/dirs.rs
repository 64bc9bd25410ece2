//! Directory grants: what a grant lets Python do, what it refuses, and that nothing leads out.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{cli, engine, eval, exec, exec_err, session};
use mpsandbox::{DirAccess, DirGrant, Error, Session, Value};
use tempfile::TempDir;

/// A host tree to grant: files, a subfolder, and symbolic links that point out of it.
fn sample_tree() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), "hello\n").unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/b.bin"), [0u8, 1, 2, 255]).unwrap();
    fs::write(root.join("mod_in_grant.py"), "VALUE = 6 * 7\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("abs_link")).unwrap();
    std::os::unix::fs::symlink("..", root.join("up")).unwrap();
    std::os::unix::fs::symlink("../../../../../../../etc", root.join("etc_link")).unwrap();
    dir
}

/// Every file, folder and link under `root`, with its contents or target: what "unchanged"
/// means.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.is_symlink() {
                format!("link -> {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path);
                "dir".to_owned()
            } else {
                format!("file {:?}", fs::read(&path).unwrap())
            };
            entries.insert(name, what);
        }
    }
    entries
}

fn granted(host: &Path, guest: &str, access: DirAccess) -> Session {
    engine()
        .session_builder()
        .dir(host, guest, access)
        .build()
        .expect("a session starts")
}

/// Runs each Python expression in `attempts` and returns, for each, `ok` or the errno of the
/// `OSError` it raised (any other exception fails the test).
fn outcomes(session: &mut Session, attempts: &[&str]) -> Vec<(String, String)> {
    exec(
        session,
        "def attempt(code):\n    try:\n        eval(code)\n        return 'ok'\n    except OSError as e:\n        return 'errno %d' % e.errno",
    );
    attempts
        .iter()
        .map(|code| {
            let result = session
                .call("attempt", &[Value::from(*code)], &[])
                .unwrap_or_else(|e| panic!("{code}: {e}"));
            let Value::Str(result) = result.value else {
                panic!("{code}: {:?}", result.value)
            };
            (code.to_string(), result)
        })
        .collect()
}

/// Ways out of a grant: `..`, absolute host paths, and links pointing out.
const ESCAPES: &[&str] = &[
    "open('/data/../etc/passwd').read()",
    "open('/data/sub/../../etc/passwd').read()",
    "open('/etc/passwd').read()",
    "open('/data/abs_link').read()",
    "open('/data/up/etc/passwd').read()",
    "os.listdir('/data/up')",
    "os.listdir('/data/etc_link')",
    "open('/data/etc_link/passwd').read()",
    "os.listdir('/data/..')",
    "os.stat('/data/up')",
    "os.chdir('/data/up')",
];

#[test]
fn nothing_is_visible_without_a_grant() {
    let mut session = session();
    let attempts = [
        "open('/etc/passwd').read()",
        "open('passwd').read()",
        "open('/tmp/x', 'w')",
        "os.listdir('/etc')",
        "os.mkdir('/x')",
        "os.chdir('/etc')",
    ];
    exec(&mut session, "import os");
    for (code, outcome) in outcomes(&mut session, &attempts) {
        assert_ne!(outcome, "ok", "{code}");
    }
    assert_eq!(
        eval(&mut session, "os.listdir('/')"),
        Value::List(Vec::new())
    );
    // No module comes from outside the binary either.
    let err = session.exec("import passwd").unwrap_err();
    assert!(err.to_string().contains("ImportError"), "{err}");
}

#[test]
fn a_read_only_grant_reads() {
    let tree = sample_tree();
    let mut session = granted(tree.path(), "/data", DirAccess::ReadOnly);
    let value = eval(
        &mut session,
        "import os\n\
         [sorted(os.listdir('/')), sorted(os.listdir('/data')), open('/data/a.txt').read(),\n\
          open('/data/sub/b.bin', 'rb').read(), os.stat('/data/a.txt')[6],\n\
          os.stat('/data/sub')[0] & 0o170000 == 0o040000, os.getcwd()]",
    );
    assert_eq!(
        value,
        Value::List(vec![
            Value::List(vec![Value::from("data")]),
            Value::List(
                [
                    "a.txt",
                    "abs_link",
                    "etc_link",
                    "mod_in_grant.py",
                    "sub",
                    "up"
                ]
                .map(Value::from)
                .to_vec()
            ),
            Value::from("hello\n"),
            Value::Bytes(vec![0, 1, 2, 255]),
            Value::Int(6),
            Value::Bool(true),
            Value::from("/data"),
        ])
    );
    // Relative paths start at the grant; modules import from it once it is on sys.path.
    let value = eval(
        &mut session,
        "import sys\nsys.path.append('/data')\nimport mod_in_grant\n\
         [open('a.txt').read(), mod_in_grant.VALUE]",
    );
    assert_eq!(
        value,
        Value::List(vec![Value::from("hello\n"), Value::Int(42)])
    );
}

#[test]
fn a_read_only_grant_refuses_every_change_and_stays_unchanged() {
    let tree = sample_tree();
    let before = snapshot(tree.path());
    let mut session = granted(tree.path(), "/data", DirAccess::ReadOnly);
    exec(&mut session, "import os");
    let attempts = [
        "open('/data/new.txt', 'w')",
        "open('/data/a.txt', 'w')",
        "open('/data/a.txt', 'a')",
        "open('/data/a.txt', 'r+')",
        "open('/data/sub/b.bin', 'wb')",
        "open('/data/new.txt', 'x')",
        "os.remove('/data/a.txt')",
        "os.rename('/data/a.txt', '/data/b.txt')",
        "os.rename('/data/sub', '/data/sub2')",
        "os.mkdir('/data/newdir')",
        "os.rmdir('/data/sub')",
        "os.remove('/data/abs_link')",
        "open('/data/abs_link', 'w')",
    ];
    for (code, outcome) in outcomes(&mut session, &attempts) {
        assert!(outcome.starts_with("errno"), "{code} -> {outcome}");
    }
    assert_eq!(snapshot(tree.path()), before);
    // The session goes on, and reading still works.
    assert_eq!(
        eval(&mut session, "open('/data/a.txt').read()"),
        Value::from("hello\n")
    );
}

#[test]
fn nothing_leads_out_of_a_grant() {
    let tree = sample_tree();
    for access in [DirAccess::ReadOnly, DirAccess::ReadWrite] {
        let mut session = granted(tree.path(), "/data", access);
        exec(&mut session, "import os");
        for (code, outcome) in outcomes(&mut session, ESCAPES) {
            assert_ne!(outcome, "ok", "{access:?}: {code}");
        }
    }
}

#[test]
fn a_read_write_grant_changes_the_host_directory_and_nothing_else() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret"), "outside\n").unwrap();
    let tree = sample_tree();
    std::os::unix::fs::symlink(outside.path().join("secret"), tree.path().join("out_link"))
        .unwrap();
    let mut session = granted(tree.path(), "/work", DirAccess::ReadWrite);
    exec(
        &mut session,
        "import os\n\
         with open('/work/new.txt', 'w') as f:\n    f.write('written\\n')\n\
         os.mkdir('/work/d')\n\
         open('/work/d/x.bin', 'wb').write(bytes([1, 2, 3]))\n\
         os.rename('/work/new.txt', '/work/renamed.txt')\n\
         os.remove('/work/a.txt')\n\
         os.rmdir('/work/sub') if False else None\n\
         with open('/work/renamed.txt', 'a') as f:\n    f.write('more\\n')",
    );
    let root = tree.path();
    assert_eq!(
        fs::read_to_string(root.join("renamed.txt")).unwrap(),
        "written\nmore\n"
    );
    assert_eq!(fs::read(root.join("d/x.bin")).unwrap(), [1, 2, 3]);
    assert!(!root.join("new.txt").exists());
    assert!(!root.join("a.txt").exists());
    // Writes through links pointing out, or to paths out, are refused.
    let attempts = [
        "open('/work/out_link', 'w').write('pwned')",
        "open('/work/up/pwned', 'w')",
        "open('/work/../pwned', 'w')",
        "os.rename('/work/renamed.txt', '/work/up/stolen')",
        "os.mkdir('/work/up/newdir')",
        "os.remove('/work/out_link/..')",
    ];
    for (code, outcome) in outcomes(&mut session, &attempts) {
        assert_ne!(outcome, "ok", "{code}");
    }
    assert_eq!(
        fs::read_to_string(outside.path().join("secret")).unwrap(),
        "outside\n"
    );
    assert!(!root.parent().unwrap().join("pwned").exists());
    assert!(!root.parent().unwrap().join("stolen").exists());
}

#[test]
fn errors_carry_python_errno_numbers() {
    let tree = sample_tree();
    let mut session = granted(tree.path(), "/data", DirAccess::ReadWrite);
    exec(&mut session, "import os, errno");
    // Linux's (and CPython's) numbers, not WASI's.
    let value = eval(
        &mut session,
        "def errno_of(f):\n    try:\n        f()\n    except OSError as e:\n        return e.errno\n\
         [errno_of(lambda: open('/data/missing')), errno_of(lambda: os.mkdir('/data/sub')),\n\
          errno_of(lambda: open('/data/sub', 'w')), errno_of(lambda: os.listdir('/data/a.txt')),\n\
          errno.ENOENT, errno.EEXIST, errno.EISDIR]",
    );
    assert_eq!(
        value,
        Value::List([2, 17, 21, 20, 2, 17, 21].map(Value::Int).to_vec())
    );
}

#[test]
fn several_grants_each_at_its_own_path() {
    let input = sample_tree();
    let output = tempfile::tempdir().unwrap();
    let mut session = engine()
        .session_builder()
        .dir(input.path(), "/in", DirAccess::ReadOnly)
        .dir(output.path(), "/out", DirAccess::ReadWrite)
        .build()
        .unwrap();
    exec(
        &mut session,
        "import os\nopen('/out/copy.txt', 'w').write(open('/in/a.txt').read().upper())",
    );
    assert_eq!(
        fs::read_to_string(output.path().join("copy.txt")).unwrap(),
        "HELLO\n"
    );
    // A rename across grants cannot move a file out of a read-only one.
    let err = session
        .exec("os.rename('/in/a.txt', '/out/a.txt')")
        .unwrap_err();
    assert!(err.to_string().contains("OSError"), "{err}");
    assert!(input.path().join("a.txt").exists());
}

/// Paths resolve to the grant whose guest path holds them component by component: `/data`
/// is not a prefix of `/data2/x` (the guest's own table of grants, preopens.c), also for
/// relative paths, across a snapshot and in a second process's restore.
#[test]
fn grants_whose_paths_share_a_prefix_stay_apart() {
    let short = tempfile::tempdir().unwrap();
    let long = tempfile::tempdir().unwrap();
    fs::write(short.path().join("x.txt"), "short").unwrap();
    fs::write(long.path().join("x.txt"), "long").unwrap();
    let template = engine()
        .session_builder()
        .dir(short.path(), "/data", DirAccess::ReadOnly)
        .dir(long.path(), "/data2", DirAccess::ReadWrite)
        .template()
        .unwrap();
    let code = "import os\n\
        a = open('/data/x.txt').read()\n\
        b = open('/data2/x.txt').read()\n\
        os.chdir('/data2')\n\
        open('y.txt', 'w').write('relative')\n\
        c = open('x.txt').read()\n\
        os.chdir('/data')\n\
        d = open('./x.txt').read()\n\
        [a, b, c, d, sorted(os.listdir('/data2'))]";
    let expected = Value::List(vec![
        Value::from("short"),
        Value::from("long"),
        Value::from("long"),
        Value::from("short"),
        Value::List(vec![Value::from("x.txt"), Value::from("y.txt")]),
    ]);
    let mut session = template.session().unwrap();
    assert_eq!(eval(&mut session, code), expected);
    assert_eq!(
        fs::read_to_string(long.path().join("y.txt")).unwrap(),
        "relative"
    );
    // A restore (a fresh instance, its grants mounted anew) resolves them the same way.
    let snapshot = session.snapshot().unwrap();
    let mut restored = template.restore(&snapshot).unwrap();
    assert_eq!(eval(&mut restored, "os.getcwd()"), Value::from("/data"));
    assert_eq!(eval(&mut restored, code), expected);
}

#[test]
fn open_files_are_bounded_per_session() {
    let tree = sample_tree();
    let mut session = granted(tree.path(), "/data", DirAccess::ReadOnly);
    // A session holds at most 128 descriptors (the WASI adapter's table): past that, open()
    // raises EMFILE, so no session exhausts the host's file descriptors.
    let opened = eval(
        &mut session,
        "files = []\ntry:\n    for i in range(20000):\n        files.append(open('/data/a.txt'))\n\
         except OSError as e:\n    err = e.errno\n[len(files), err]",
    );
    let Value::List(items) = opened else {
        panic!("{opened:?}")
    };
    assert!(
        matches!(items[0], Value::Int(n) if n > 64 && n <= 128),
        "{items:?}"
    );
    assert_eq!(items[1], Value::Int(24));
    // Closed, or collected when the next call starts, they free their descriptors.
    exec(&mut session, "for f in files:\n    f.close()\nfiles = None");
    exec(
        &mut session,
        "files = [open('/data/a.txt') for i in range(100)]",
    );
    exec(&mut session, "files = None");
    assert_eq!(
        eval(
            &mut session,
            "[open('/data/a.txt') for i in range(100)][-1].read()"
        ),
        Value::from("hello\n")
    );
}

#[test]
fn bad_grants_are_typed_errors() {
    let tree = sample_tree();
    let bad = [
        DirGrant::new(tree.path(), "data", DirAccess::ReadOnly),
        DirGrant::new(tree.path(), "/", DirAccess::ReadOnly),
        DirGrant::new(tree.path(), "/a/../b", DirAccess::ReadOnly),
        DirGrant::new(tree.path().join("missing"), "/data", DirAccess::ReadOnly),
        DirGrant::new(tree.path().join("a.txt"), "/data", DirAccess::ReadOnly),
    ];
    for grant in bad {
        let result = engine().session_builder().grant(grant.clone()).build();
        assert!(matches!(result, Err(Error::Grant(_))), "{grant:?}");
    }
    let overlapping = engine()
        .session_builder()
        .dir(tree.path(), "/data", DirAccess::ReadOnly)
        .dir(tree.path(), "/data/sub", DirAccess::ReadOnly)
        .build();
    let Err(err) = overlapping else {
        panic!("overlapping grants start")
    };
    insta::assert_snapshot!(err.to_string(), @"the guest paths `/data` and `/data/sub` overlap: grant each directory at its own path");
}

#[test]
fn a_read_write_grant_cannot_void_a_read_only_one() {
    // `X:/a:rw` with `X/s:/b:ro` would make X/s writable at /a/s.
    let tree = sample_tree();
    let result = engine()
        .session_builder()
        .dir(tree.path(), "/a", DirAccess::ReadWrite)
        .dir(tree.path().join("sub"), "/b", DirAccess::ReadOnly)
        .build();
    let Err(Error::Grant(err)) = result else {
        panic!("a read-write grant containing a read-only one starts")
    };
    assert!(
        err.to_string()
            .contains("the read-only one would be writable"),
        "{err}"
    );
    // The other way round is fine: the read-only grant sees what the read-write one writes.
    let mut s = engine()
        .session_builder()
        .dir(tree.path(), "/a", DirAccess::ReadOnly)
        .dir(tree.path().join("sub"), "/b", DirAccess::ReadWrite)
        .build()
        .unwrap();
    exec(&mut s, "open('/b/new.txt', 'w').write('x')");
    assert_eq!(
        eval(&mut s, "open('/a/sub/new.txt').read()"),
        Value::from("x")
    );
}

/// Opening a FIFO blocks until a writer comes, inside the host where no stop reaches it
/// (#11 item 3): special files in a grant are refused before anything opens them.
#[test]
fn fifos_and_other_special_files_are_refused_without_blocking() {
    let tree = sample_tree();
    let made = std::process::Command::new("mkfifo")
        .arg(tree.path().join("p"))
        .status()
        .unwrap();
    assert!(made.success());
    // Before the fix the host blocked for ever: a watchdog turns that into a failure.
    let root = tree.path().to_path_buf();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let tree_path = root;
        for access in [DirAccess::ReadOnly, DirAccess::ReadWrite] {
            let mut s = engine()
                .session_builder()
                .dir(&tree_path, "/data", access)
                .timeout(std::time::Duration::from_secs(2))
                .build()
                .unwrap();
            for mode in ["r", "rb", "w", "a"] {
                let code = format!(
                    "try:\n    open('/data/p', '{mode}')\nexcept OSError as e:\n    r = e.errno\nr"
                );
                assert_eq!(eval(&mut s, &code), Value::Int(13), "{access:?} {mode}");
            }
            // The entry is still listed and stat-able; regular files still open.
            assert_eq!(
                eval(&mut s, "'p' in __import__('os').listdir('/data')"),
                Value::Bool(true)
            );
            assert_eq!(
                eval(&mut s, "open('/data/a.txt').read()[:5]"),
                Value::from("hello")
            );
        }
        let _ = done.send(());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the attempts failed (see above) or blocked the host");
}

/// #11 item 5: a read-write grant had no quota (1.9 GB written in 3 s). A session may add only
/// so many bytes and names; past them writes fail with ENOSPC, and uncaught, that is the limit.
#[test]
fn read_write_grants_have_a_disk_quota() {
    let dir = tempfile::tempdir().unwrap();
    let quota = |bytes: u64, files| {
        engine()
            .session_builder()
            .dir(dir.path(), "/w", DirAccess::ReadWrite)
            .disk_quota(bytes, files)
            .build()
            .unwrap()
    };
    let mut s = quota(1 << 20, 5);
    // Bytes: the write past the quota fails; what fitted stays, the host file is bounded.
    let code = "f = open('/w/big', 'wb')\ntry:\n    for i in range(64):\n        f.write(b'x' * 65536)\nexcept OSError as e:\n    r = (e.errno, i)\nf.close()\nr";
    assert_eq!(
        eval(&mut s, code),
        Value::Tuple(vec![Value::Int(28), Value::Int(16)]),
        "ENOSPC, after 16 writes of 64 KiB"
    );
    assert!(std::fs::metadata(dir.path().join("big")).unwrap().len() <= 1 << 20);
    // Uncaught, it is the disk limit; the session survives.
    let err = exec_err(&mut s, "open('/w/more', 'wb').write(b'y' * 100)");
    let hit = err.limit().unwrap_or_else(|| panic!("not a limit: {err}"));
    assert_eq!(hit.kind, mpsandbox::LimitKind::Disk, "{err}");
    assert_eq!(hit.limit, 1 << 20);
    // Deleting gives the bytes back; rewriting in place adds nothing.
    exec(
        &mut s,
        "import os\nos.remove('/w/big')\nopen('/w/a', 'wb').write(b'z' * 1000)",
    );
    exec(
        &mut s,
        "f = open('/w/a', 'r+b')\nfor i in range(100):\n    f.seek(0)\n    f.write(b'q' * 1000)\nf.close()",
    );
    // Names: files and folders count; the sixth fails (`more` and `a` are two of five).
    let err = exec_err(&mut s, "for i in range(10):\n    os.mkdir('/w/d%d' % i)");
    assert_eq!(
        err.limit().map(|h| h.kind),
        Some(mpsandbox::LimitKind::Files),
        "{err}"
    );
    assert_eq!(eval(&mut s, "len(os.listdir('/w'))"), Value::Int(5));
    // Each session has its own budget.
    let mut fresh = quota(1 << 20, 5);
    exec(&mut fresh, "open('/w/fresh', 'wb').write(b'f' * 500_000)");
    // The CLI: a limit, exit 3, naming the quota.
    let run = cli(
        &[
            "--dir",
            &format!("{}:/w:rw", dir.path().display()),
            "--disk-quota",
            "64KiB",
            "-c",
            "open('/w/cli', 'wb').write(b'c' * 100_000)",
        ],
        "",
    );
    assert_eq!(run.status, Some(3), "{run:?}");
    assert!(
        run.stderr.contains("disk quota of 64 KiB exceeded"),
        "{run:?}"
    );
}

/// The compiled-code cache is native code the host runs: no grant may reach it (#11 item 1:
/// a read-write grant of the home folder let the guest rewrite it).
#[test]
fn no_grant_reaches_the_compiled_code_cache() {
    let home = tempfile::tempdir().unwrap();
    let cache = home.path().join(".cache/mpsandbox");
    let engine = mpsandbox::Engine::builder()
        .cache_dir(&cache)
        .pool_size(0)
        .build()
        .unwrap();
    assert!(cache.is_dir());
    for (host, access) in [
        (home.path().to_path_buf(), DirAccess::ReadWrite),
        (home.path().to_path_buf(), DirAccess::ReadOnly),
        (cache.clone(), DirAccess::ReadOnly),
        (home.path().join(".cache"), DirAccess::ReadWrite),
    ] {
        let result = engine.session_builder().dir(&host, "/home", access).build();
        let Err(Error::Grant(err)) = result else {
            panic!("a grant of {} ({access:?}) starts", host.display())
        };
        assert!(err.to_string().contains("compiled-code cache"), "{err}");
    }
    // Beside the cache is fine.
    std::fs::create_dir(home.path().join("work")).unwrap();
    engine
        .session_builder()
        .dir(home.path().join("work"), "/w", DirAccess::ReadWrite)
        .build()
        .unwrap();
    // The CLI refuses it as a usage error.
    let out = std::process::Command::new(crate::cli_path())
        .args([
            "--dir",
            &format!("{}:/home:rw", home.path().display()),
            "-c",
            "1",
        ])
        .env("MPSANDBOX_CACHE_DIR", &cache)
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("compiled-code cache"), "{stderr}");
}

#[test]
fn the_cli_grants_directories() {
    let tree = sample_tree();
    let out = tempfile::tempdir().unwrap();
    let read = format!("{}", tree.path().display());
    let write = format!("{}:/out:rw", out.path().display());
    let run = cli(
        &[
            "--dir",
            &read,
            "--dir",
            &write,
            "-c",
            "import os\nprint(sorted(os.listdir('/')))\nopen('/out/r.txt', 'w').write(open('/data/a.txt').read())",
            "-c",
            "open('/data/x', 'w')",
        ],
        "",
    );
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "['data', 'out']\n");
    assert!(run.stderr.contains("OSError"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(out.path().join("r.txt")).unwrap(),
        "hello\n"
    );
    assert!(!tree.path().join("x").exists());
    let run = cli(&["--dir", "/nonexistent/dir", "-c", "1"], "");
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("cannot grant /nonexistent/dir"),
        "{}",
        run.stderr
    );
    let run = cli(&["--dir", "./x:data", "-c", "1"], "");
    assert_eq!(run.status, Some(2));
}

#[test]
fn the_heap_grows_in_a_session_with_grants() {
    // The WASI adapter takes pages of its own once a grant exists; the guest's malloc must
    // grow around them (it once failed its second attempt, a MemoryError at 256 KiB).
    let tree = sample_tree();
    let mut session = granted(tree.path(), "/data", DirAccess::ReadOnly);
    let value = eval(
        &mut session,
        "l = []\nfor i in range(200000):\n    l.append((i, float(i)))\nlen(l)",
    );
    assert_eq!(value, Value::Int(200000));
}

#[test]
fn deterministic_sessions_see_pinned_file_metadata() {
    let stat_of_new_file = |seed: Option<u64>| {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = engine()
            .session_builder()
            .dir(dir.path(), "/out", DirAccess::ReadWrite);
        if let Some(seed) = seed {
            builder = builder.deterministic(seed);
        }
        let mut session = builder.build().unwrap();
        let Value::Tuple(stat) = eval(
            &mut session,
            "import os\nopen('/out/f', 'w').write('abc')\nos.stat('/out/f')",
        ) else {
            panic!("os.stat gives a tuple")
        };
        stat
    };
    // The same in every run: no host clock, no inode number.
    let a = stat_of_new_file(Some(3));
    assert_eq!(a, stat_of_new_file(Some(3)));
    let epoch = Value::Int(mpsandbox::DETERMINISTIC_EPOCH as i64);
    assert_eq!(a[1], Value::Int(0), "inode");
    assert_eq!(a[6], Value::Int(3), "size");
    assert_eq!(a[7..10], [epoch.clone(), epoch.clone(), epoch.clone()]);
    // Other sessions see the host's metadata.
    let b = stat_of_new_file(None);
    assert_ne!(b[8], epoch);
}

#[test]
fn listings_leave_out_names_that_are_not_utf8_and_are_sorted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for name in ["zeta.txt", "alpha.txt", "mid.txt"] {
        fs::write(dir.path().join(name), name).unwrap();
    }
    fs::write(
        dir.path().join(std::ffi::OsStr::from_bytes(b"bad\xff.txt")),
        "x",
    )
    .unwrap();
    let mut session = granted(dir.path(), "/data", DirAccess::ReadOnly);
    assert_eq!(
        eval(&mut session, "import os\nos.listdir('/data')"),
        Value::List(vec![
            "alpha.txt".into(),
            "mid.txt".into(),
            "zeta.txt".into()
        ])
    );
    assert_eq!(
        eval(&mut session, "open('/data/mid.txt').read()"),
        Value::from("mid.txt")
    );
}

#[test]
fn a_lone_surrogate_in_a_path_is_a_python_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = granted(dir.path(), "/out", DirAccess::ReadWrite);
    let code = r#"import os
caught = []
for f in [lambda: open('/out/a' + chr(0xD800), 'w'), lambda: os.stat('/out/' + chr(0xDC00)),
          lambda: os.mkdir('/out/d' + chr(0xD800)), lambda: os.listdir('/out/' + chr(0xD800))]:
    try:
        f()
    except UnicodeError as e:
        caught.append(type(e).__name__)
caught"#;
    let value = eval(&mut session, code);
    let Value::List(caught) = value else {
        panic!("{value:?}")
    };
    assert_eq!(caught.len(), 4, "{caught:?}");
    assert_eq!(
        eval(&mut session, "os.listdir('/out')"),
        Value::List(vec![])
    );
}
