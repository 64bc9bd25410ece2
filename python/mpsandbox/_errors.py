"""The exceptions of mpsandbox: what the sandboxed code raised, which limit stopped it, and
what the sandbox refused.

Every error raised by a run is a :class:`SandboxError` carrying the output the code produced
before it (``stdout``, ``stderr``, their truncation flags), what the run used (``usage``) and,
when the session had been lost and restarted for this run, why (``restarted``).
"""

from __future__ import annotations

from typing import Any, Optional


class SandboxError(Exception):
    """Base class of every error of mpsandbox.

    Attributes (``None``/empty when the error did not come from a run):
        stdout: what the code wrote to ``sys.stdout`` before the error.
        stderr: what the code wrote to ``sys.stderr`` before the error.
        stdout_truncated: whether ``stdout`` was cut at the session's output limit.
        stderr_truncated: whether ``stderr`` was cut at the session's output limit.
        usage: a :class:`mpsandbox.Usage` (wall time, fuel, peak memory), or ``None``.
        restarted: why the session had been lost, when this run started a fresh interpreter.
    """

    stdout: str
    stderr: str
    stdout_truncated: bool
    stderr_truncated: bool
    usage: Optional[Any]
    restarted: Optional[str]

    def __init__(self, text: str, /, **attributes: Any) -> None:
        super().__init__(text)
        self.stdout = ""
        self.stderr = ""
        self.stdout_truncated = False
        self.stderr_truncated = False
        self.usage = None
        self.restarted = None
        for name, value in attributes.items():
            setattr(self, name, value)


class SandboxSyntaxError(SandboxError):
    """The code did not compile; nothing ran. The session is unchanged.

    Attributes: ``type_name`` (``SyntaxError`` or ``IndentationError``), ``message``,
    ``line`` (1-based), ``column`` (1-based, or ``None``: MicroPython reports lines only),
    ``text`` (the offending line, or ``None``).
    """

    type_name: str
    message: str
    line: int
    column: Optional[int]
    text: Optional[str]


class SandboxException(SandboxError):
    """An exception propagated out of the sandboxed code. The session stays usable.

    Attributes: ``type_name`` (for example ``ZeroDivisionError``), ``message`` (``str()`` of
    the exception) and ``traceback`` (as Python prints it). ``str()`` of this error is the
    traceback.
    """

    type_name: str
    message: str
    traceback: str


class SystemExitError(SandboxError):
    """The code raised ``SystemExit`` (``sys.exit(n)``). The session stays usable.

    Attributes: ``code``, the exit code (an ``int``).
    """

    code: int


class LimitExceeded(SandboxError):
    """A limit stopped the code cleanly (a soft stop); the session stays usable, its globals
    as the code left them.

    Attributes:
        kind: ``"memory"`` (bytes), ``"time"`` (milliseconds), ``"fuel"`` (units of fuel)
            or ``"stack"`` (bytes).
        limit: the limit's value, in the unit of its kind.
        used: what was used when the code was stopped (for memory: the size the refused
            allocation asked for), same unit.
        exception: a :class:`SandboxException` describing the Python exception the code
            ended with (``KeyboardInterrupt``, ``MemoryError``), or ``None``.
    """

    kind: str
    limit: int
    used: int
    exception: Optional[SandboxException]


class SessionLost(SandboxError):
    """The guest trapped (a hard stop, an exhausted wasm stack): its interpreter is gone.
    Every later run on the session fails with this error too, unless the session was made
    with ``restart_lost=True``.

    Attributes: ``reason`` (text); ``kind``, ``limit``, ``used`` as in
    :class:`LimitExceeded` when a limit's hard stop trapped the guest, else ``None``.
    """

    reason: str
    kind: Optional[str]
    limit: Optional[int]
    used: Optional[int]


class SandboxValueError(SandboxError, ValueError):
    """A value could not cross the boundary (data from the guest that does not decode, a
    value nested too deeply). The session stays usable."""


class SandboxConfigError(SandboxError, ValueError):
    """A session could not start with the options given: a directory grant that cannot be
    made, an invalid HTTP allow-list entry, a root certificate that does not parse."""


class SnapshotError(SandboxError, ValueError):
    """A snapshot could not be taken (the session holds an open file), read (not a
    snapshot, truncated, damaged, another format version) or restored (taken by another
    build of the sandbox). The session involved is unchanged."""


class SessionBusyError(SandboxError, RuntimeError):
    """The session is already running code on another thread (or on this one, from a host
    function). A session runs one thing at a time; use one session per thread."""


class SessionClosedError(SandboxError, RuntimeError):
    """The session was closed."""


__all__ = [
    "SandboxError",
    "SandboxSyntaxError",
    "SandboxException",
    "SystemExitError",
    "LimitExceeded",
    "SessionLost",
    "SandboxValueError",
    "SandboxConfigError",
    "SessionBusyError",
    "SessionClosedError",
    "SnapshotError",
]
