"""asyncio support: :class:`AsyncSession`, and awaiting coroutine host functions."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from typing import Any, Awaitable, Optional

from ._mpsandbox import CallResult, ExecResult


async def _exec_on_loop(session: Any, code: str, timeout: Any, fuel: Optional[int]) -> ExecResult:
    loop = asyncio.get_running_loop()
    run = functools.partial(session._exec_on, loop, code, timeout, fuel)
    return await loop.run_in_executor(None, run)


async def _call_on_loop(session: Any, name: str, args: Any, kwargs: Any) -> CallResult:
    loop = asyncio.get_running_loop()
    run = functools.partial(session._call_on, loop, name, args, kwargs)
    return await loop.run_in_executor(None, run)


class AsyncSession:
    """A session for asyncio code: ``await session.exec(code)`` runs the guest on a worker
    thread (the event loop stays free), and host functions that are coroutine functions are
    awaited on the caller's event loop while the guest waits for them.

    Takes the same options as :class:`mpsandbox.Session` (``sandbox=`` and ``template=`` too). Usable as
    ``async with``. The session's ``timeout`` bounds the whole run, host-function awaits
    included: a coroutine still pending at the timeout is cancelled, the guest gets
    ``HostError`` and then the soft stop.
    """

    def __init__(self, *, sandbox: Any = None, **options: Any) -> None:
        from . import Session

        self._session = Session(sandbox=sandbox, **options)

    @property
    def session(self) -> Any:
        """The underlying synchronous :class:`mpsandbox.Session`."""
        return self._session

    async def exec(self, code: str, *, timeout: Any = None, fuel: Optional[int] = None) -> ExecResult:
        """Runs ``code`` as :meth:`mpsandbox.Session.exec` does, off the event loop."""
        return await _exec_on_loop(self._session, code, timeout, fuel)

    async def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Calls a function of the session as :meth:`mpsandbox.Session.call` does, off the
        event loop."""
        return await _call_on_loop(self._session, name, args, kwargs)

    def close(self) -> None:
        """Closes the session."""
        self._session.close()

    @property
    def closed(self) -> bool:
        """Whether the session is closed."""
        return self._session.closed

    async def __aenter__(self) -> "AsyncSession":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _resolve(awaitable: Awaitable[Any], loop: Optional[asyncio.AbstractEventLoop], timeout: Optional[float]) -> Any:
    """Awaits what a host function returned, from the thread running the guest: on ``loop``
    (an async run's event loop), else on a fresh loop; within ``timeout`` seconds."""
    if loop is None:
        return asyncio.run(asyncio.wait_for(_await(awaitable), timeout))
    future = asyncio.run_coroutine_threadsafe(_await(awaitable), loop)
    try:
        return future.result(timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise TimeoutError("the host function did not finish within the run's timeout") from None
