"""Templates: options checked once and setup code run once, for many sessions."""

import asyncio
import threading

import pytest

import mpsandbox


def test_sessions_start_from_the_setup_state_and_stay_independent(sandbox):
    template = sandbox.template(setup="import json\nTABLE = {'a': 1}\ndef dump():\n    return json.dumps(TABLE)")
    assert template.has_setup
    first = template.session()
    first.exec("TABLE['b'] = 2")
    assert first.call("dump").value == '{"a": 1, "b": 2}'
    second = template.session()
    assert second.exec("TABLE").value == {"a": 1}
    assert isinstance(second, mpsandbox.Session)
    first.close()
    second.close()


def test_options_apply_to_every_session(sandbox):
    template = sandbox.template(memory="8MiB", timeout=0.5, max_output=10)
    assert not template.has_setup
    for _ in range(2):
        with template.session() as s:
            with pytest.raises(mpsandbox.LimitExceeded) as hit:
                s.exec("b = bytearray(64 * 1024 * 1024)")
            assert hit.value.kind == "memory"
            with pytest.raises(mpsandbox.LimitExceeded) as hit:
                s.exec("while True:\n    pass")
            assert hit.value.kind == "time"
            out = s.exec("print('x' * 100)")
            assert out.stdout_truncated and len(out.stdout) <= 10


def test_host_functions_serve_sessions_on_many_threads(sandbox):
    calls = []

    def add(a, b):
        calls.append(threading.get_ident())
        return a + b

    template = sandbox.template(host_functions={"add": add})
    results = {}

    def work(n):
        with template.session() as s:
            results[n] = [s.exec(f"add({n}, {i})").value for i in range(50)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: [n + i for i in range(50)] for n in range(4)}
    assert len(calls) == 4 * 50


def test_coroutine_host_functions_are_awaited_on_each_sessions_own_loop(sandbox):
    async def where():
        await asyncio.sleep(0)
        return id(asyncio.get_running_loop())

    template = sandbox.template(host_functions={"where": where})
    seen = {}

    def run(n):
        async def main():
            s = mpsandbox.AsyncSession(template=template)
            out = await s.exec("where()")
            s.close()
            return out.value == id(asyncio.get_running_loop())

        seen[n] = asyncio.run(main())

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {0: True, 1: True, 2: True}


def test_restore_keeps_the_templates_capabilities(sandbox):
    source = sandbox.session()
    source.exec("x = 41")
    snapshot = source.snapshot()
    template = sandbox.template(host_functions={"inc": lambda v: v + 1})
    with template.restore(snapshot) as s:
        assert s.exec("inc(x)").value == 42
        fork = s.fork()
        assert fork.exec("inc(x)").value == 42
        fork.close()


def test_failing_setup_raises_and_bad_arguments_are_refused(sandbox):
    with pytest.raises(mpsandbox.SandboxException) as failed:
        sandbox.template(setup="raise ValueError('no setup')")
    assert "no setup" in str(failed.value)
    with pytest.raises(mpsandbox.SandboxSyntaxError):
        sandbox.template(setup="def (")
    with pytest.raises(TypeError):
        sandbox.template(colour="blue")
    template = sandbox.template()
    with pytest.raises(TypeError):
        mpsandbox.Session(template=template, memory="1MiB")
    with pytest.raises(TypeError):
        mpsandbox.Session(template=template, sandbox=sandbox)
