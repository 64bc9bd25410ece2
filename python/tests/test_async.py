"""asyncio: runs off the event loop; coroutine host functions awaited on the caller's loop."""

import asyncio
import threading

import pytest

import mpsandbox


def test_exec_async_and_call_async(sandbox):
    async def main():
        s = sandbox.session()
        await s.exec_async("def add(a, b):\n    return a + b")
        out = await s.call_async("add", 2, b=40)
        s.close()
        return out.value

    assert asyncio.run(main()) == 42


def test_event_loop_stays_free(sandbox):
    async def main():
        s = sandbox.session(timeout=0.3)
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        task = asyncio.ensure_future(ticker())
        with pytest.raises(mpsandbox.LimitExceeded):
            await s.exec_async("while True:\n    pass")
        task.cancel()
        return ticks

    assert asyncio.run(main()) > 10


def test_coroutine_host_function_runs_on_the_callers_loop(sandbox):
    async def main():
        loop = asyncio.get_running_loop()
        seen = {}

        async def fetch(key, *, default=None):
            seen["loop"] = asyncio.get_running_loop()
            seen["thread"] = threading.current_thread()
            await asyncio.sleep(0.01)
            return {"key": key, "default": default}

        async with mpsandbox.AsyncSession(sandbox=sandbox, host_functions={"fetch": fetch}) as s:
            out = await s.exec("r = fetch('a', default=1)\nr['key'] * 2")
            assert out.value == "aa"
            assert (await s.call("eval", "r")).value == {"key": "a", "default": 1}
        assert seen["loop"] is loop
        assert seen["thread"] is threading.main_thread()

    asyncio.run(main())


def test_coroutine_host_function_in_a_sync_run(sandbox):
    async def double(x):
        await asyncio.sleep(0)
        return x * 2

    with sandbox.session(host_functions={"double": double}) as s:
        assert s.exec("double(21)").value == 42


def test_coroutine_host_error(sandbox):
    async def broken():
        raise KeyError("missing")

    async def main():
        s = sandbox.session(host_functions={"broken": broken})
        with pytest.raises(mpsandbox.SandboxException) as error:
            await s.exec_async("broken()")
        assert error.value.type_name == "HostError"
        assert "KeyError" in error.value.message

    asyncio.run(main())


def test_timeout_covers_awaited_host_functions(sandbox):

    async def main():
        state = {"cancelled": False}

        async def slow():
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                state["cancelled"] = True
                raise

        s = sandbox.session(timeout=0.3, host_functions={"slow": slow})
        with pytest.raises(mpsandbox.LimitExceeded) as error:
            await s.exec_async("try:\n    slow()\nexcept Exception as e:\n    print(e)\nwhile True:\n    pass")
        assert error.value.kind == "time"
        # (Whether the guest still printed the HostError before the soft stop reached it
        # depends on timing: the host function's wait used up the run's time.)
        await asyncio.sleep(0.05)
        assert state["cancelled"]

    asyncio.run(main())
