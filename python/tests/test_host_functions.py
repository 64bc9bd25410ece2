"""Host functions: plain Python callables, sync and async, called with native values."""

import threading

import pytest

import mpsandbox


def test_dict_of_callables_plain_names_and_host_module(sandbox):
    calls = []

    def add(a, b, *, scale=1):
        calls.append((a, b, scale))
        return (a + b) * scale

    with sandbox.session(host_functions={"add": add}) as s:
        assert s.exec("add(1, 2)").value == 3
        assert s.exec("import host\nhost.add(1, 2, scale=10)").value == 30
        assert s.exec("def g():\n    return add(2, 2)\ng()").value == 4
        assert s.exec("host.names()").value == ["add"]
    assert calls == [(1, 2, 1), (1, 2, 10), (2, 2, 1)]


def test_decorator_registry(sandbox):
    functions = mpsandbox.HostFunctions()

    @functions.register
    def greet(name):
        return f"hello {name}"

    @functions.register(name="pair")
    def make_pair(a, b):
        return (a, b)

    assert greet("x") == "hello x"
    with sandbox.session(host_functions=functions) as s:
        assert s.exec("greet('you')").value == "hello you"
        assert s.exec("pair(1, [2])").value == (1, [2])


def test_native_values_both_ways(sandbox):
    seen = []

    def echo(*args, **kwargs):
        seen.append((args, kwargs))
        return {"args": list(args), "kwargs": kwargs}

    with sandbox.session(host_functions=[echo]) as s:
        out = s.exec("echo(2**100, b'\\x01', (1, 2), None, k={'a': [1.5]})").value
    assert out == {"args": [2**100, b"\x01", (1, 2), None], "kwargs": {"k": {"a": [1.5]}}}
    assert seen[0][0] == (2**100, b"\x01", (1, 2), None)


def test_exception_reaches_the_guest_as_host_error(sandbox):
    def fails(x):
        raise ValueError(f"no good: {x}")

    with sandbox.session(host_functions={"fails": fails}) as s:
        out = s.exec(
            "import host\n"
            "try:\n"
            "    fails(7)\n"
            "except host.HostError as e:\n"
            "    print('caught', e)\n"
        )
        assert out.stdout == "caught ValueError: no good: 7\n"
        with pytest.raises(mpsandbox.SandboxException) as error:
            s.exec("fails(1)")
        assert error.value.type_name == "HostError"
        assert "no good: 1" in error.value.message


def test_unconvertible_return_is_a_host_error(sandbox):
    with sandbox.session(host_functions={"bad": lambda: object()}) as s:
        with pytest.raises(mpsandbox.SandboxException) as error:
            s.exec("bad()")
        assert error.value.type_name == "HostError"
        assert "object" in error.value.message


def test_many_threads_share_a_sandbox_and_call_host_functions(sandbox):
    lock = threading.Lock()
    counter = {"n": 0}

    def tick(i):
        with lock:
            counter["n"] += 1
        return i * 2

    errors = []

    def worker(k):
        try:
            with sandbox.session(host_functions={"tick": tick}) as s:
                for i in range(50):
                    assert s.exec(f"tick({i}) + {k}").value == i * 2 + k
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counter["n"] == 400


def test_host_function_calling_its_own_session_is_refused(sandbox):
    holder = {}

    def reenter():
        holder["s"].exec("1")

    with sandbox.session(host_functions={"reenter": reenter}) as s:
        holder["s"] = s
        with pytest.raises(mpsandbox.SandboxException) as error:
            s.exec("reenter()")
        assert "SessionBusyError" in error.value.message
        assert s.exec("2").value == 2
