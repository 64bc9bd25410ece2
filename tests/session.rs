//! Sessions: state that persists, memory that does not grow, isolation, captured output, and
//! what happens when the guest traps.

use std::sync::{Arc, Mutex};

use crate::{engine, eval, exec, exec_err, repr, session};
use mpsandbox::{Error, Stream, Value};

#[test]
fn state_persists_across_execs() {
    let mut s = session();
    exec(&mut s, "x = 41");
    exec(&mut s, "x += 1");
    exec(&mut s, "def double(n):\n    return 2 * n");
    exec(
        &mut s,
        "class Counter:\n    def __init__(self):\n        self.n = 0\n    def tick(self):\n        self.n += 1\n        return self.n",
    );
    exec(&mut s, "import json");
    exec(
        &mut s,
        "c = Counter()\ng = (i * i for i in range(10))\nimport io\nbuf = io.StringIO()",
    );
    exec(&mut s, "c.tick(); next(g); buf.write('a')");
    exec(&mut s, "c.tick(); next(g); buf.write('b')");
    assert_eq!(eval(&mut s, "x"), Value::Int(42));
    assert_eq!(eval(&mut s, "double(x)"), Value::Int(84));
    assert_eq!(
        eval(&mut s, "c.tick(), next(g), buf.getvalue()"),
        Value::from((3, 4, "ab"))
    );
    assert_eq!(eval(&mut s, "json.dumps([x])"), Value::from("[42]"));
}

#[test]
fn errors_leave_the_session_usable() {
    let mut s = session();
    exec(&mut s, "x = 1");
    assert!(matches!(exec_err(&mut s, "x = (("), Error::Syntax(_)));
    assert!(matches!(
        exec_err(&mut s, "x = 2\n1 / 0"),
        Error::Exception(_)
    ));
    assert!(matches!(
        exec_err(&mut s, "import sys\nsys.exit(3)"),
        Error::Exit(3)
    ));
    assert!(
        matches!(exec_err(&mut s, "def r(): r()\nr()"), Error::Exception(e) if e.type_name == "RuntimeError")
    );
    // The assignment before the exception happened; the syntax error ran nothing.
    assert_eq!(eval(&mut s, "x"), Value::Int(2));
}

#[test]
fn collecting_garbage_is_safe_at_any_point() {
    let mut s = session();
    exec(
        &mut s,
        "import gc\ndata = {i: [str(i)] * 3 for i in range(2000)}\nkeep = [bytearray(100) for _ in range(100)]",
    );
    exec(&mut s, "gc.collect()");
    // A collection in the middle of an exec, with live temporaries.
    let out = exec(
        &mut s,
        "tmp = [str(i) * 10 for i in range(3000)]\ngc.collect()\nfor i in range(3000):\n    assert tmp[i] == str(i) * 10\n\
         more = [(i, str(i)) for i in range(3000)]\ngc.collect()\nsum(len(t[1]) for t in more)",
    );
    assert_eq!(out.value, Some(Value::Int(10890)));
    exec(&mut s, "gc.collect()\ndel tmp\ngc.collect()");
    assert_eq!(
        eval(
            &mut s,
            "all(data[i] == [str(i)] * 3 for i in range(2000)), len(keep), gc.collect()"
        ),
        Value::from((true, 100, ()))
    );
    for _ in 0..20 {
        exec(
            &mut s,
            "gc.collect(); junk = [object() for _ in range(500)]; gc.collect()",
        );
    }
    assert_eq!(
        eval(&mut s, "sum(len(v) for v in data.values())"),
        Value::Int(6000)
    );
}

/// The heap in use after a collection, in bytes.
fn heap_in_use(s: &mut mpsandbox::Session) -> i64 {
    exec(s, "gc.collect()");
    eval(s, "gc.mem_alloc()").as_i64().expect("an int")
}

#[test]
fn thousands_of_execs_do_not_grow_memory() {
    let mut s = session();
    exec(
        &mut s,
        "import gc\ndef work(n):\n    return sum(len(str(i)) for i in range(n))",
    );
    // Warm up: first allocations of caches and interned strings.
    for _ in 0..50 {
        exec(
            &mut s,
            "x = [str(i) for i in range(200)]; y = {'k': x}; del x, y",
        );
    }
    let before = heap_in_use(&mut s);
    for i in 0..3000 {
        let code = if i % 2 == 0 {
            "x = [str(i) for i in range(200)]; y = {'k': x}; del x, y"
        } else {
            "work(300)"
        };
        exec(&mut s, code);
    }
    let after = heap_in_use(&mut s);
    assert!(
        after <= before + 4096,
        "heap in use grew from {before} to {after} bytes over 3000 execs"
    );
    // And the session is still sound.
    assert_eq!(eval(&mut s, "work(10)"), Value::Int(10));
}

#[test]
fn sessions_are_isolated() {
    let mut a = session();
    let mut b = session();
    exec(
        &mut a,
        "x = 'a'\nimport sys\nsys.path.append('/only-in-a')\ndef f(): return 1",
    );
    let e = exec_err(&mut b, "x");
    assert!(
        matches!(&e, Error::Exception(ex) if ex.type_name == "NameError"),
        "{e}"
    );
    assert_eq!(
        eval(&mut b, "import sys\n'/only-in-a' in sys.path"),
        Value::Bool(false)
    );
    exec(&mut b, "x = 'b'");
    assert_eq!(eval(&mut a, "x"), Value::from("a"));
    assert_eq!(eval(&mut b, "x"), Value::from("b"));
    // A third session from a clone of the engine, started on another thread, is fresh too.
    let engine = engine().clone();
    let fresh = std::thread::spawn(move || {
        let mut c = engine.session().unwrap();
        c.exec("'x' in globals()").unwrap().value
    })
    .join()
    .unwrap();
    assert_eq!(fresh, Some(Value::Bool(false)));
}

#[test]
fn stdout_and_stderr_are_captured_separately() {
    let mut s = session();
    let out = exec(
        &mut s,
        "import sys\nprint('out 1')\nprint('err 1', file=sys.stderr)\nsys.stdout.write('out 2')\nsys.stderr.write('err 2\\n')\n7",
    );
    assert_eq!(out.run.stdout, "out 1\nout 2");
    assert_eq!(out.run.stderr, "err 1\nerr 2\n");
    assert_eq!(out.value, Some(Value::Int(7)));
    assert!(!out.run.stdout_truncated && !out.run.stderr_truncated);
    // Each exec has its own output.
    let out = exec(&mut s, "print('again')");
    assert_eq!(
        (out.run.stdout.as_str(), out.run.stderr.as_str()),
        ("again\n", "")
    );
    // Output before an error is kept with the error.
    let err = s
        .exec("print('before')\nraise ValueError('x')")
        .unwrap_err();
    assert_eq!(err.run.stdout, "before\n");
    assert_eq!(
        err.run.stderr, "",
        "the traceback is in the error, not in stderr"
    );
    // Non-ASCII text.
    let out = exec(&mut s, "print('héllo €')");
    assert_eq!(out.run.stdout, "héllo €\n");
}

#[test]
fn output_is_bounded() {
    let mut s = engine()
        .session_builder()
        .max_output(100u64)
        .build()
        .unwrap();
    let out = exec(
        &mut s,
        "import sys\nfor i in range(1000):\n    print(i)\nsys.stderr.write('e' * 50)\n'done'",
    );
    assert!(out.run.stdout_truncated);
    assert_eq!(out.run.stdout.len(), 100);
    assert!(out.run.stdout.starts_with("0\n1\n2\n"));
    assert_eq!(out.run.stderr, "e".repeat(50));
    assert!(!out.run.stderr_truncated);
    assert_eq!(
        out.value,
        Some(Value::from("done")),
        "the code ran to its end"
    );
    // The default bound is 1 MiB per stream.
    let mut s = session();
    let out = exec(
        &mut s,
        "s = 'x' * 1023 + '\\n'\nfor i in range(1100):\n    print(s, end='')",
    );
    assert!(out.run.stdout_truncated);
    assert_eq!(
        out.run.stdout.len(),
        mpsandbox::DEFAULT_MAX_OUTPUT.as_usize()
    );
    let out = exec(&mut s, "print('small')");
    assert!(!out.run.stdout_truncated);
}

#[test]
fn output_streams_to_the_callback_as_produced() {
    let chunks = Arc::new(Mutex::new(Vec::<(Stream, String)>::new()));
    let sink = chunks.clone();
    let mut s = engine()
        .session_builder()
        .max_output(20u64)
        .on_output(move |stream, bytes| {
            sink.lock()
                .unwrap()
                .push((stream, String::from_utf8_lossy(bytes).into_owned()))
        })
        .build()
        .unwrap();
    let out = exec(
        &mut s,
        "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c' * 30)",
    );
    let chunks = chunks.lock().unwrap().clone();
    let stdout: String = chunks
        .iter()
        .filter(|(st, _)| *st == Stream::Stdout)
        .map(|(_, t)| t.as_str())
        .collect();
    let stderr: String = chunks
        .iter()
        .filter(|(st, _)| *st == Stream::Stderr)
        .map(|(_, t)| t.as_str())
        .collect();
    // The callback sees what is captured, in order, and nothing past the bound.
    assert_eq!(stdout, out.run.stdout);
    assert_eq!(stderr, "b\n");
    assert_eq!(out.run.stdout, format!("a\n{}", "c".repeat(18)));
    let first_err = chunks
        .iter()
        .position(|(st, _)| *st == Stream::Stderr)
        .unwrap();
    assert_eq!(
        chunks[..first_err]
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<String>(),
        "a\n"
    );
}

#[test]
fn a_trap_loses_the_session_and_says_so() {
    let mut s = session();
    exec(&mut s, "x = 1");
    // Hashing a deeply nested tuple recurses in C without MicroPython's stack check: the
    // guest's stack overflows and the guest traps.
    let err = s
        .exec("print('before')\nt = ()\nfor i in range(1000000):\n    t = (t,)\nhash(t)")
        .expect_err("the guest traps");
    let Error::SessionLost { reason, .. } = &err.error else {
        panic!("expected a lost session, got {}", err.error)
    };
    assert!(reason.contains("trap"), "{reason}");
    assert_eq!(err.run.stdout, "before\n", "output before the trap is kept");
    assert_eq!(s.lost(), Some(reason.as_str()));
    // Every later call fails the same way, without entering the guest.
    for _ in 0..2 {
        let again = exec_err(&mut s, "x");
        assert!(
            matches!(&again, Error::SessionLost { reason: r, .. } if r == reason),
            "{again}"
        );
    }
    let again = s.call("len", &[Value::from("abc")], &[]).unwrap_err();
    assert!(matches!(&again.error, Error::SessionLost { reason: r, .. } if r == reason));
    assert_eq!(again.to_string(), format!("the session is lost: {reason}"));
    // Other sessions are unaffected.
    let mut other = session();
    assert_eq!(repr(&mut other, "1 + 1"), "2");
}

#[test]
fn guest_calls_work_from_a_small_stack() {
    // A thread with a small stack cannot host the guest's stack: the call moves to a thread
    // of its own, transparently.
    let engine = engine().clone();
    let value = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut s = engine.session().unwrap();
            s.exec("def r(n): return 0 if n == 0 else 1 + r(n - 1)\nr(500)")
                .unwrap()
                .value
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(value, Some(Value::Int(500)));
}

#[test]
fn deep_recursion_is_a_python_error() {
    let mut s = session();
    let e = exec_err(&mut s, "def f(n): return f(n + 1)\nf(0)");
    let Error::Exception(ex) = e else {
        panic!("expected an exception, got {e}")
    };
    assert_eq!(ex.type_name, "RuntimeError");
    assert_eq!(ex.message, "maximum recursion depth exceeded");
    assert_eq!(eval(&mut s, "1 + 1"), Value::Int(2));
}

#[test]
fn per_call_interpreter_state_is_reset_at_each_entry() {
    let mut s = session();
    exec(&mut s, "import micropython\nmicropython.heap_lock()");
    assert_eq!(
        eval(&mut s, "[1] * 2"),
        Value::List(vec![1.into(), 1.into()])
    );
    exec(
        &mut s,
        "def lock():\n    micropython.heap_lock()\n    return 1",
    );
    s.call("lock", &[], &[]).unwrap();
    assert_eq!(
        eval(&mut s, "[1, 2] + [3]"),
        Value::List(vec![1.into(), 2.into(), 3.into()])
    );
    // Callbacks still queued by micropython.schedule() end with their call. (Straight-line
    // code: the VM looks for scheduled callbacks only at backward jumps.)
    exec(&mut s, "ran = []\ndef note(x):\n    ran.append(x)");
    exec(
        &mut s,
        "micropython.schedule(note, 0)\nmicropython.schedule(note, 1)",
    );
    assert_eq!(
        eval(&mut s, "for i in range(100):\n    pass\nlen(ran)"),
        Value::Int(0)
    );
}

#[test]
fn gc_collect_in_straight_line_code_collects() {
    let mut s = session();
    let freed = eval(
        &mut s,
        "import gc\nx = bytearray(8 * 2**20)\nbefore = gc.mem_alloc()\ndel x\ngc.collect()\nbefore - gc.mem_alloc()",
    );
    let Value::Int(freed) = freed else {
        panic!("{freed:?}")
    };
    assert!(freed >= 8 << 20, "freed {freed} bytes");
}

#[test]
fn gc_collect_called_back_from_c_keeps_live_objects() {
    // gc.collect() where C frames hold heap pointers the collector cannot see (map, sorted,
    // a generator driven by list, __init__): the collection must wait, and nothing live may
    // be freed.
    let mut s = session();
    let code = "import gc
def f(i):
    gc.collect()
    junk = [bytes(100) for _ in range(50)]
    return [i] * 3
class C:
    def __init__(self, i):
        gc.collect()
        self.v = [i, str(i)]
def gen(n):
    for i in range(n):
        gc.collect()
        yield {i: [i] * 2}
a = list(map(f, range(60)))
b = sorted(range(60), key=lambda i: (gc.collect(), -i)[1])
c = [C(i).v for i in range(60)]
d = list(gen(60))
e = [gc.collect() or [i, i] for i in range(60)]
ok = (a == [[i] * 3 for i in range(60)] and b == list(range(59, -1, -1))
      and c == [[i, str(i)] for i in range(60)] and d == [{i: [i] * 2} for i in range(60)]
      and e == [[i, i] for i in range(60)])
ok";
    assert_eq!(eval(&mut s, code), Value::Bool(true));
}

/// A template's settings are checked once and shared: its sessions are independent, each has
/// the template's limits and host functions, and a lost one restarts with them too.
#[test]
fn templates_start_independent_sessions_with_the_same_settings() {
    let template = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(64))
        .max_output(8u64)
        .restart_lost(true)
        .host_fn("seven", |_, _| Ok(Value::Int(7)))
        .template()
        .unwrap();
    let mut a = template.clone().session().unwrap();
    let mut b = template.session().unwrap();
    exec(&mut a, "x = 1");
    assert!(matches!(exec_err(&mut b, "x"), Error::Exception(_)));
    for s in [&mut a, &mut b] {
        let out = exec(s, "import host\nprint('0123456789')\nhost.seven()");
        assert_eq!(out.value, Some(Value::Int(7)));
        assert_eq!(out.run.stdout, "01234567");
        assert!(out.run.stdout_truncated);
        let err = exec_err(s, "b = bytearray(100 * 1024 * 1024)");
        assert_eq!(err.limit().map(|hit| hit.limit), Some(64 << 20), "{err}");
    }
    // A trap loses the session; the restart keeps the template's settings.
    let err = exec_err(
        &mut a,
        "t = ()\nfor i in range(10**6):\n    t = (t,)\nhash(t)",
    );
    assert!(matches!(err, Error::SessionLost { .. }), "{err}");
    let out = exec(&mut a, "import host\nhost.seven()");
    assert!(out.run.restarted.is_some());
    assert_eq!(out.value, Some(Value::Int(7)));
    assert_eq!(a.template().engine().is_pooled(), engine().is_pooled());
}

/// Bad settings fail when the template is made, before any session starts.
#[test]
fn templates_refuse_bad_settings_once() {
    let err = engine()
        .session_builder()
        .dir(
            std::env::temp_dir(),
            "relative",
            mpsandbox::DirAccess::ReadOnly,
        )
        .template()
        .unwrap_err();
    assert!(matches!(err, Error::Grant(_)), "{err}");
    let err = engine()
        .session_builder()
        .allow_http("bad host")
        .template()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidAllowHttp { .. }), "{err}");
}

/// exec keeps the code it compiled (the guest's code cache, codecache.c): what is run again
/// must behave as if compiled again.
#[test]
fn code_run_again_behaves_as_compiled_again() {
    let mut s = session();
    exec(&mut s, "x = 0\nseen = []");
    for _ in 0..5 {
        exec(&mut s, "x = x + 1\nseen.append(x)");
    }
    assert_eq!(eval(&mut s, "seen"), Value::from(vec![1, 2, 3, 4, 5]));
    // The value of the last expression, each time.
    for i in 6..9 {
        assert_eq!(eval(&mut s, "x = x + 1\nx"), Value::Int(i));
    }
    // Names are looked up when the code runs, not when it was compiled.
    exec(&mut s, "def f():\n    return 1");
    assert_eq!(eval(&mut s, "f()"), Value::Int(1));
    exec(&mut s, "def f():\n    return 2");
    assert_eq!(eval(&mut s, "f()"), Value::Int(2));
    // Errors: a syntax error stays one; code that raised runs again.
    for _ in 0..2 {
        assert!(matches!(exec_err(&mut s, "x = (("), Error::Syntax(_)));
    }
    exec(&mut s, "y = 0");
    assert!(matches!(exec_err(&mut s, "1 / y"), Error::Exception(_)));
    exec(&mut s, "y = 2");
    assert_eq!(eval(&mut s, "1 / y"), Value::Float(0.5));
    // The optimisation level is part of what the code was compiled with: asserts are
    // compiled out from level 1 on.
    assert!(matches!(
        exec_err(&mut s, "assert x < 0"),
        Error::Exception(_)
    ));
    exec(&mut s, "import micropython\nmicropython.opt_level(1)");
    exec(&mut s, "assert x < 0");
    exec(&mut s, "micropython.opt_level(0)");
    assert!(matches!(
        exec_err(&mut s, "assert x < 0"),
        Error::Exception(_)
    ));
    // More sources than the cache holds, then the first again; and a source too long
    // to be kept.
    for i in 0..40 {
        exec(&mut s, &format!("v{i} = {i}"));
    }
    exec(&mut s, "v0 = 0");
    assert_eq!(eval(&mut s, "v0 + v39"), Value::Int(39));
    let long = format!("z = 0\n{}", "z += 1\n".repeat(1000));
    exec(&mut s, &long);
    exec(&mut s, &long);
    assert_eq!(eval(&mut s, "z"), Value::Int(1000));
}

/// A template with settings of its own starts its sessions from the engine's idle state,
/// rebinding its capabilities, and after 100 sessions from an idle state of its own: the
/// sessions on either side of the switch have the template's host functions, grants and
/// limits, a fresh namespace, and random sequences of their own.
#[test]
fn a_busy_template_keeps_its_settings_when_it_makes_its_own_idle_state() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("greeting.txt"), "hello").unwrap();
    let template = engine()
        .session_builder()
        .memory_limit(mpsandbox::ByteSize::mib(32))
        .dir(dir.path(), "/data", mpsandbox::DirAccess::ReadOnly)
        .host_fn("seven", |_, _| Ok(Value::Int(7)))
        .template()
        .unwrap();
    let mut randoms = std::collections::HashSet::new();
    for n in 0..110 {
        let mut s = template.session().unwrap();
        assert!(
            matches!(exec_err(&mut s, "left_over"), Error::Exception(_)),
            "session {n}"
        );
        let code = "left_over = 1\nimport random\n(seven(), open('/data/greeting.txt').read(), random.random())";
        let Some(Value::Tuple(items)) = exec(&mut s, code).value else {
            panic!("session {n}: not a tuple");
        };
        assert_eq!(
            items[..2],
            [Value::Int(7), Value::from("hello")],
            "session {n}"
        );
        randoms.insert(format!("{:?}", items[2]));
        let err = exec_err(&mut s, "open('/data/new.txt', 'w')");
        assert!(matches!(err, Error::Exception(_)), "session {n}: {err}");
        let err = exec_err(&mut s, "b = bytearray(64 * 1024 * 1024)");
        assert_eq!(
            err.limit().map(|hit| hit.limit),
            Some(32 << 20),
            "session {n}: {err}"
        );
    }
    assert_eq!(randoms.len(), 110);
}
