"""Type stubs of the native module (the Rust binding over the mpsandbox library)."""

import datetime
import os
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple, Union, final

from typing_extensions import TypedDict, Unpack

Size = Union[int, str]
"""Bytes as an int, or text with a unit: "64MiB", "1.5 MB", "4096"."""
Seconds = Union[int, float, datetime.timedelta]
"""Seconds as an int or float, or a timedelta."""
DirSpec = Union[str, Tuple[Union[str, "os.PathLike[str]"], str], Tuple[Union[str, "os.PathLike[str]"], str, str]]
"""A directory grant: "HOST[:GUEST][:ro|:rw]", (host, guest) or (host, guest, "ro"|"rw")."""

class SessionOptions(TypedDict, total=False):
    """A session's options, all optional (see ``Session``): those of a ``Template`` too."""

    memory: Optional[Size]
    timeout: Optional[Seconds]
    fuel: Optional[int]
    grace: Optional[Seconds]
    max_output: Optional[Size]
    restart_lost: bool
    seed: Optional[int]
    dirs: Optional[Sequence[DirSpec]]
    allow_http: Union[str, Sequence[str], None]
    http_timeout: Optional[Seconds]
    max_http_response: Optional[Size]
    root_certificates: Union[str, bytes, Sequence[Union[str, bytes]], None]
    host_functions: Union[Mapping[str, Callable[..., Any]], Sequence[Callable[..., Any]], Any, None]
    on_output: Optional[Callable[[str, str], Any]]

@final
class Usage:
    """What one run used."""

    @property
    def wall(self) -> float:
        """Wall-clock time of the run, in seconds."""
    @property
    def fuel(self) -> Optional[int]:
        """Fuel consumed, or None when the sandbox does not meter fuel."""
    @property
    def memory(self) -> int:
        """Peak size of the guest's memory so far, in bytes."""

@final
class ExecResult:
    """The result of ``Session.exec``."""

    @property
    def value(self) -> Any:
        """The last statement's value, when it is an expression with a value form."""
    @property
    def repr(self) -> Optional[str]:
        """The ``repr`` of the last statement's value, when it is an expression."""
    @property
    def stdout(self) -> str:
        """What the code wrote to ``sys.stdout``."""
    @property
    def stderr(self) -> str:
        """What the code wrote to ``sys.stderr``."""
    @property
    def stdout_truncated(self) -> bool:
        """Whether ``stdout`` was cut at the session's output limit."""
    @property
    def stderr_truncated(self) -> bool:
        """Whether ``stderr`` was cut at the session's output limit."""
    @property
    def usage(self) -> Usage:
        """What the run used."""
    @property
    def restarted(self) -> Optional[str]:
        """When the session had been lost and this run started a fresh interpreter: why."""

@final
class CallResult:
    """The result of ``Session.call``."""

    @property
    def value(self) -> Any:
        """What the function returned."""
    @property
    def stdout(self) -> str:
        """What the call wrote to ``sys.stdout``."""
    @property
    def stderr(self) -> str:
        """What the call wrote to ``sys.stderr``."""
    @property
    def stdout_truncated(self) -> bool:
        """Whether ``stdout`` was cut at the session's output limit."""
    @property
    def stderr_truncated(self) -> bool:
        """Whether ``stderr`` was cut at the session's output limit."""
    @property
    def usage(self) -> Usage:
        """What the call used."""
    @property
    def restarted(self) -> Optional[str]:
        """When the session had been lost and this call started a fresh interpreter: why."""

class Sandbox:
    """The compiled sandbox; one per process, shared by threads."""

    def __init__(
        self,
        *,
        fuel: bool = False,
        pool_size: Optional[int] = None,
        cache_dir: Union[str, "os.PathLike[str]", None] = None,
        max_wasm_stack: Optional[Size] = None,
    ) -> None: ...
    @property
    def fuel(self) -> bool:
        """Whether this sandbox meters fuel."""

class Template:
    """Session options checked once, and setup code run once, for many sessions."""

    def __init__(
        self,
        *,
        sandbox: Optional[Sandbox] = None,
        setup: Optional[str] = None,
        **options: Unpack[SessionOptions],
    ) -> None: ...
    @property
    def sandbox(self) -> Sandbox:
        """The sandbox its sessions run on."""
    @property
    def has_setup(self) -> bool:
        """Whether it was made with setup code."""

class Session:
    """One live MicroPython interpreter."""

    def __init__(
        self,
        *,
        sandbox: Optional[Sandbox] = None,
        snapshot: Optional[Snapshot] = None,
        template: Optional[Template] = None,
        **options: Unpack[SessionOptions],
    ) -> None: ...
    def exec(self, code: str, *, timeout: Optional[Seconds] = None, fuel: Optional[int] = None) -> ExecResult:
        """Runs Python statements in the session; returns their output and last value."""
    def call(self, name: str, /, *args: Any, **kwargs: Any) -> CallResult:
        """Calls the function ``name`` defined in the session."""
    def _exec_on(self, event_loop: Any, code: str, timeout: Optional[Seconds] = None, fuel: Optional[int] = None) -> ExecResult: ...
    def _call_on(self, event_loop: Any, name: str, args: Tuple[Any, ...], kwargs: Optional[Mapping[str, Any]] = None) -> CallResult: ...
    def close(self) -> None:
        """Ends the session. Idempotent."""
    @property
    def closed(self) -> bool:
        """Whether the session is closed."""
    @property
    def lost(self) -> Optional[str]:
        """Why the session is lost, or None."""
    @property
    def sandbox(self) -> Sandbox:
        """The sandbox the session runs on."""
    def snapshot(self) -> Snapshot:
        """A snapshot of the session's state, taken between runs."""
    def restore(self, snapshot: Snapshot) -> None:
        """Replaces the session's state with ``snapshot``'s, keeping its options."""
    @property
    def _options(self) -> Dict[str, Any]: ...
    def __enter__(self) -> "Session": ...
    def __exit__(self, *exc: Any) -> bool: ...

class Snapshot:
    """A session's state, to start sessions from; it holds no capability."""

    def to_bytes(self) -> bytes:
        """The byte form (the CLI's ``--save`` files)."""
    @staticmethod
    def from_bytes(data: bytes) -> "Snapshot":
        """Reads the byte form; raises ``SnapshotError`` for bad data."""
    @property
    def component_id(self) -> str:
        """The SHA-256 (hex) of the sandbox build that took it."""
    @property
    def memory_size(self) -> int:
        """Bytes of memory the state needs."""
    @property
    def state_bytes(self) -> int:
        """Bytes of state it holds, before compression."""
    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]: ...

def default_sandbox(*, fuel: bool = False) -> Sandbox:
    """The process's shared sandbox (one metering fuel when ``fuel``), made on first use."""
