//! The Python workloads every benchmark runs: the criterion benches, the `bench` example and,
//! through the example's JSON output, the reference system and CPython in `cargo xtask bench`.
//! One source of truth, so that every system runs the same code.

#![allow(dead_code)] // Each includer uses a different subset.

/// The first exec of a new session, and the code sessions per second run.
pub const FIRST_EXEC: &str = "x = 1";

/// Set up before the warm exec; then [`WARM_EXEC`] runs again and again.
pub const WARM_SETUP: &str = "x = 0";
/// The warm exec: one tiny statement on a live session.
pub const WARM_EXEC: &str = "x = x + 1";

/// Defines the function the `call` round trip calls with `(1, 2)`.
pub const CALL_SETUP: &str = "def add(a, b):\n    return a + b\n";
/// The function `call` calls.
pub const CALL_NAME: &str = "add";

/// The host function's name (the host side returns its first argument).
pub const HOST_FN_NAME: &str = "echo";
/// How many host-function calls one exec of [`HOST_FN_LOOP`] makes.
pub const HOST_FN_CALLS: u32 = 1000;
/// Calls the host function [`HOST_FN_CALLS`] times (in the sandbox as `host.echo`; the
/// reference and CPython get a global `echo`).
pub const HOST_FN_LOOP: &str = "for i in range(1000):\n    echo(i)\n";

/// Defines `fib`; then [`FIB`] runs.
pub const FIB_SETUP: &str =
    "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
/// Recursive calls and small-int arithmetic: 242,785 calls.
pub const FIB: &str = "fib(25)";

/// Defines a string- and dict-heavy function; then [`STRINGS_DICTS`] runs.
pub const STRINGS_DICTS_SETUP: &str = r#"def strings_dicts():
    counts = {}
    words = []
    for i in range(5000):
        w = "w" + str(i % 397)
        counts[w] = counts.get(w, 0) + 1
        words.append(w.upper())
    text = " ".join(words)
    index = {}
    for n, part in enumerate(text.split(" ")):
        index.setdefault(part[:3], []).append(n)
    return len(text) + len(counts) + len(index) + sum(counts.values())
"#;
/// Formats, concatenates, splits, hashes and looks up strings: 5,000 items.
pub const STRINGS_DICTS: &str = "strings_dicts()";

/// Every workload as `(name, setup, code)`, for drivers of other systems.
pub const ALL: &[(&str, &str, &str)] = &[
    ("first_exec", "", FIRST_EXEC),
    ("warm_exec", WARM_SETUP, WARM_EXEC),
    ("call", CALL_SETUP, CALL_NAME),
    ("host_fn", "", HOST_FN_LOOP),
    ("fib25", FIB_SETUP, FIB),
    ("strings_dicts", STRINGS_DICTS_SETUP, STRINGS_DICTS),
];
