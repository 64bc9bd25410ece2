"""Limits: memory, time (soft and hard), fuel, output; the session survives or is lost as
documented."""

import datetime

import pytest

import mpsandbox

# Catches the soft stop wherever it lands, so only the hard stop ends it.
SWALLOW = (
    "def swallow():\n    try:\n        while True:\n            try:\n                while True:\n"
    "                    pass\n            except BaseException:\n                pass\n"
    "    except BaseException:\n        swallow()\nswallow()"
)


def test_memory_error_is_catchable_inside(sandbox):
    with sandbox.session(memory="8MiB") as s:
        out = s.exec("try:\n    x = bytearray(64 * 1024 * 1024)\nexcept MemoryError:\n    print('caught')")
        assert out.stdout == "caught\n"


def test_memory_limit_uncaught(sandbox):
    with sandbox.session(memory="8MiB") as s:
        s.exec("keep = 1")
        with pytest.raises(mpsandbox.LimitExceeded) as error:
            s.exec("x = bytearray(64 * 1024 * 1024)")
        e = error.value
        assert e.kind == "memory"
        assert e.limit == 8 * 1024 * 1024
        assert e.used > e.limit
        assert e.exception is not None and e.exception.type_name == "MemoryError"
        assert s.exec("keep").value == 1


def test_soft_time_limit_keeps_the_session(sandbox):
    with sandbox.session(timeout=0.2) as s:
        with pytest.raises(mpsandbox.LimitExceeded) as error:
            s.exec("n = 0\nwhile True:\n    n += 1")
        assert error.value.kind == "time"
        assert error.value.limit == 200
        assert s.exec("n > 0").value is True


def test_timeout_as_timedelta_and_per_call(sandbox):
    with sandbox.session(timeout=datetime.timedelta(seconds=30)) as s:
        with pytest.raises(mpsandbox.LimitExceeded) as error:
            s.exec("while True:\n    pass", timeout=datetime.timedelta(milliseconds=100))
        assert error.value.limit == 100


def test_hard_stop_loses_the_session(sandbox):
    with sandbox.session(timeout=0.1, grace=0.1) as s:
        with pytest.raises(mpsandbox.SessionLost) as error:
            s.exec(SWALLOW)
        assert error.value.kind == "time"
        assert s.lost
        with pytest.raises(mpsandbox.SessionLost):
            s.exec("1")


def test_restart_lost(sandbox):
    with sandbox.session(timeout=0.1, grace=0.1, restart_lost=True) as s:
        s.exec("x = 1")
        with pytest.raises(mpsandbox.SessionLost):
            s.exec(SWALLOW)
        out = s.exec("'x' in globals()")
        assert out.value is False
        assert out.restarted


def test_fuel():
    sandbox = mpsandbox.default_sandbox(fuel=True)
    assert sandbox.fuel
    with sandbox.session(fuel=1_000_000) as s:
        small = s.exec("sum(range(10))")
        assert small.usage.fuel and small.usage.fuel < 1_000_000
        with pytest.raises(mpsandbox.LimitExceeded) as error:
            s.exec("while True:\n    pass")
        assert error.value.kind == "fuel"
        assert error.value.limit == 1_000_000
        assert s.exec("3").value == 3
        assert s.exec("x = 0\nfor i in range(10**5):\n    x += i", fuel=10**10).usage.fuel > 1_000_000


def test_fuel_option_picks_a_metering_sandbox():
    with mpsandbox.Session(fuel=50_000) as s:
        assert s.sandbox.fuel
        with pytest.raises(mpsandbox.LimitExceeded):
            s.exec("while True:\n    pass")


def test_output_is_bounded(sandbox):
    with sandbox.session(max_output="1KiB") as s:
        out = s.exec("print('x' * 5000)\nimport sys\nsys.stderr.write('e')")
        assert len(out.stdout) == 1024
        assert out.stdout_truncated
        assert out.stderr == "e" and not out.stderr_truncated


def test_usage(session):
    out = session.exec("x = [0] * 1000")
    assert out.usage.wall > 0
    assert out.usage.memory > 0
    assert out.usage.fuel is None


def test_recursion_is_a_python_error(session):
    session.exec("def f(n):\n    return f(n + 1)")
    with pytest.raises(mpsandbox.SandboxException) as error:
        session.call("f", 0)
    assert error.value.type_name == "RuntimeError"
    assert session.exec("1").value == 1
