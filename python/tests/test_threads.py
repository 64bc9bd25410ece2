"""The GIL is released while guest code runs; one session, one run at a time."""

import threading
import time

import pytest

import mpsandbox

BUSY_LOOP = "n = 0\nwhile True:\n    n += 1"


def test_gil_is_released_while_the_guest_runs(sandbox):
    ticks = []
    stop = threading.Event()

    def python_thread():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    with sandbox.session(timeout=0.5) as s:
        t = threading.Thread(target=python_thread)
        t.start()
        before = len(ticks)
        with pytest.raises(mpsandbox.LimitExceeded):
            s.exec(BUSY_LOOP)
        during = len(ticks) - before
        stop.set()
        t.join()
    # With the GIL held for 0.5 s the thread could not have ticked at all.
    assert during > 20


def test_concurrent_use_of_one_session_is_a_clear_error(sandbox):
    with sandbox.session(timeout=1.0) as s:
        started = threading.Event()
        outcome = {}

        def long_run():
            started.set()
            try:
                s.exec(BUSY_LOOP)
            except mpsandbox.LimitExceeded as e:
                outcome["first"] = e

        t = threading.Thread(target=long_run)
        t.start()
        started.wait()
        deadline = time.monotonic() + 5
        busy = None
        while time.monotonic() < deadline:
            try:
                s.exec("1")
            except mpsandbox.SessionBusyError as e:
                busy = e
                break
            time.sleep(0.001)
        t.join()
        assert isinstance(busy, RuntimeError)
        assert "another thread" in str(busy)
        assert outcome["first"].kind == "time"
        assert s.exec("n > 0").value is True


def test_sessions_run_in_parallel_threads(sandbox):
    results = []

    def work(k):
        with sandbox.session() as s:
            s.exec("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)")
            results.append(s.call("fib", 15 + k % 2).value)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [610] * 3 + [987] * 3


def test_close_while_running_closes_after(sandbox):
    s = sandbox.session(timeout=0.3)
    t = threading.Thread(target=lambda: pytest.raises(mpsandbox.LimitExceeded, s.exec, BUSY_LOOP))
    t.start()
    time.sleep(0.05)
    s.close()
    t.join()
    assert s.closed
