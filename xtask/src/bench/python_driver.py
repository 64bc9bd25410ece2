"""Measures Python sandboxes from Python, for the Python section of `cargo xtask bench`.

    python python_driver.py SYSTEM SPEC.json [--quick]

SYSTEM is `mpsandbox` (this package's wheel), `pyeryx` (CPython in WebAssembly) or `monty`
(pydantic-monty, a Rust subset interpreter in worker processes); each must be importable by
the interpreter running this file. SPEC.json is the `bench` example's `--json` output (the
workloads' code). Prints {"results": [{"id", "value", "unit"}], "notes": [...]} like
driver.py. A workload a system cannot run gets no value and a note.

Kept as a resource of xtask (written next to the venvs it runs in); not part of the product.
"""

import gc
import json
import os
import sys

# driver.py (the other systems' driver) is written next to this file.
from driver import QUICK, median_us, resident_bytes, result
IDLE_SESSIONS = 100 if QUICK else 1000


def children_resident_bytes():
    """Resident memory of this process's child processes, in bytes."""
    total = 0
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                pids = f.read().split()
        except OSError:
            continue
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as f:
                    total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
    return total


def echo(*args, **kwargs):
    return args[0] if args else None


def measure(w, calls, new_session, exec_code, call, idle_memory, notes):
    """The seven rows, from a system's adapters: new_session() -> session,
    exec_code(session, code), call(session, name, *args) or None, idle_memory() -> KiB;
    a workload the system fails is a note in `notes`."""
    results = []
    first = w["first_exec"]["code"]

    def new_and_first():
        s = new_session()
        exec_code(s, first)
        close(s)

    results.append(result("first_exec", median_us(new_and_first), "us"))
    s = new_session()
    exec_code(s, w["warm_exec"]["setup"])
    warm = w["warm_exec"]["code"]
    results.append(result("warm_exec", median_us(lambda: exec_code(s, warm)), "us"))
    exec_code(s, w["call"]["setup"])
    if call is not None:
        results.append(result("call", median_us(lambda: call(s, w["call"]["code"], 1, 2)), "us"))
    else:
        results.append(result("call", median_us(lambda: exec_code(s, "add(1, 2)")), "us"))
    loop = w["host_fn"]["code"]
    long = (0, 3) if QUICK else (0, 5)
    results.append(result("host_fn", median_us(lambda: exec_code(s, loop), *long) / calls, "us"))
    exec_code(s, w["fib25"]["setup"])
    fib = w["fib25"]["code"]
    results.append(result("fib25", median_us(lambda: exec_code(s, fib), *long) / 1000, "ms"))
    try:
        exec_code(s, w["strings_dicts"]["setup"])
        work = w["strings_dicts"]["code"]
        results.append(result("strings_dicts", median_us(lambda: exec_code(s, work), *long) / 1000, "ms"))
    except Exception as e:
        results.append(result("strings_dicts", None, "ms"))
        notes.append(f"strings and dicts failed: {type(e).__name__}: {e}"[:300])
    close(s)
    results.append(result("rss_per_session", idle_memory(), "KiB"))
    return results


def close(session):
    closer = getattr(session, "close", None) or getattr(session, "__exit__", None)
    if closer is not None:
        try:
            closer() if closer.__name__ == "close" else closer(None, None, None)
        except Exception:
            pass


def mpsandbox_system(w, calls):
    import mpsandbox

    sandbox = mpsandbox.Sandbox()
    # Many sessions with the same host functions: a template reads the options once.
    template = sandbox.template(host_functions={"echo": echo})

    def new_session():
        return template.session()

    def idle_memory():
        gc.collect()
        before = resident_bytes()
        sessions = []
        for _ in range(IDLE_SESSIONS):
            s = sandbox.session()
            s.exec(w["first_exec"]["code"])
            sessions.append(s)
        used = (resident_bytes() - before) / IDLE_SESSIONS / 1024
        for s in sessions:
            s.close()
        return used

    failures = []
    results = measure(
        w,
        calls,
        new_session,
        lambda s, code: s.exec(code),
        lambda s, name, *a: s.call(name, *a),
        idle_memory,
        failures,
    )
    # Without host functions a session starts without defining them as builtins; with them
    # given as options, each session reads them again.
    first = w["first_exec"]["code"]
    plain = median_us(lambda: sandbox.session().exec(first))
    each = median_us(lambda: sandbox.session(host_functions={"echo": echo}).exec(first))
    notes = [
        "mpsandbox (Python): sessions of a template with `echo` (host_fn calls it as a plain "
        f"name); new session + first exec without host functions: {plain:.1f} us, with "
        f"`host_functions=` given to each session: {each:.1f} us",
        f"mpsandbox (Python): memory per idle session with {IDLE_SESSIONS} alive",
    ]
    return results, notes + [f"mpsandbox (Python): {f}" for f in failures]


def pyeryx_system(w, calls):
    import eryx

    def echo_kw(**kwargs):
        return kwargs.get("x")

    callbacks = [{"name": "echo", "fn": echo_kw, "description": "returns x"}]
    # Its callbacks are coroutines taking keyword arguments: the same loop, awaited.
    loop = w["host_fn"]["code"].replace("echo(i)", "await echo(x=i)")
    w = dict(w, host_fn=dict(w["host_fn"], code=loop))
    n = 5 if QUICK else 20

    def idle_memory():
        gc.collect()
        before = resident_bytes()
        sessions = []
        for _ in range(n):
            s = eryx.Session()
            s.execute(w["first_exec"]["code"])
            sessions.append(s)
        return (resident_bytes() - before) / n / 1024

    failures = []
    results = measure(
        w,
        calls,
        lambda: eryx.Session(callbacks=callbacks),
        lambda s, code: s.execute(code),
        None,
        idle_memory,
        failures,
    )
    notes = [
        "pyeryx: sessions are `eryx.Session` (CPython in WebAssembly, in-process); call is "
        "`execute('add(1, 2)')` (no call API); its host functions are awaited coroutines "
        f"taking keyword arguments (`await echo(x=i)`); memory per idle session with {n} alive",
    ]
    return results, notes + [f"pyeryx: {f}" for f in failures]


def monty_system(w, calls):
    import pydantic_monty as pm

    n = 20 if QUICK else 50
    pool = pm.Monty(min_processes=2, max_processes=n + 2)
    pool.__enter__()
    collect = pm.CollectString

    class Session:
        def __init__(self):
            self.cm = pool.checkout(limits={"max_suspensions": 10**6, "max_recursion_depth": 1000})
            self.s = self.cm.__enter__()

        def run(self, code):
            return self.s.feed_run(code, external_lookup={"echo": echo}, print_callback=collect())

        def close(self):
            self.cm.__exit__(None, None, None)

    def idle_memory():
        sessions = []
        base = children_resident_bytes()
        for _ in range(n):
            s = Session()
            s.run(w["first_exec"]["code"])
            sessions.append(s)
        used = (children_resident_bytes() - base) / n / 1024
        for s in sessions:
            s.close()
        return used

    failures = []
    try:
        results = measure(w, calls, Session, lambda s, code: s.run(code), None, idle_memory, failures)
    finally:
        pool.__exit__(None, None, None)
    notes = [
        "monty: each session is checked out of a pool of `monty` worker processes (kept warm); "
        "call is `feed_run('add(1, 2)')` (no call API); host functions via external_lookup; "
        f"memory per idle session from the workers' resident memory, {n} alive",
    ]
    return results, notes + [f"monty: {f}" for f in failures]


def main():
    system, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    workloads = {w["name"]: w for w in spec["workloads"]}
    calls = spec["host_fn_calls"]
    runner = {"mpsandbox": mpsandbox_system, "pyeryx": pyeryx_system, "monty": monty_system}[system]
    results, notes = runner(workloads, calls)
    print(json.dumps({"results": results, "notes": notes}))


if __name__ == "__main__":
    main()
