/**
 * Typed errors, mirroring the Rust library's `Error`: Python's own errors (syntax, an uncaught
 * exception, `sys.exit`), limits, a lost session, and values that cannot cross.
 *
 * Errors of `exec`/`call` carry what the code printed before failing ({@link CallOutput}).
 * @module
 */

/** What one `exec`/`call` used. */
export interface Usage {
  /** Wall-clock time of the call, in milliseconds. */
  wallMs: number;
  /** The size of the guest's linear memory after the call, in bytes (it never shrinks, so this is the session's peak). */
  memoryBytes: number;
}

/** The output of one `exec`/`call`, which results and errors both carry. */
export interface CallOutput {
  /** What the code wrote to `sys.stdout` (invalid UTF-8 reads as U+FFFD). */
  stdout: string;
  /** What the code wrote to `sys.stderr` (tracebacks of uncaught exceptions are not in it). */
  stderr: string;
  /** Whether `stdout` was cut at the session's `maxOutput`. */
  stdoutTruncated: boolean;
  /** Whether `stderr` was cut at the session's `maxOutput`. */
  stderrTruncated: boolean;
  /** What the call used. */
  usage: Usage;
}

const NO_OUTPUT: CallOutput = {
  stdout: "",
  stderr: "",
  stdoutTruncated: false,
  stderrTruncated: false,
  usage: { wallMs: 0, memoryBytes: 0 },
};

/** The base class of every error this package throws. */
export class MpsandboxError extends Error {
  /** What the failed call printed and used (empty for errors outside a call). */
  output: CallOutput = NO_OUTPUT;

  /** @param message the error's message. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The Python code did not compile; nothing ran. The session stays usable. */
export class PythonSyntaxError extends MpsandboxError {
  /**
   * @param typeName `SyntaxError` or `IndentationError`.
   * @param pyMessage the message, for example `invalid syntax`.
   * @param line the 1-based line of the error.
   * @param column the 1-based column, when known (MicroPython reports lines only).
   */
  constructor(
    readonly typeName: string,
    readonly pyMessage: string,
    readonly line: number,
    readonly column: number | undefined,
  ) {
    super(`${typeName}: ${pyMessage} (line ${line})`);
  }
}

/** An uncaught Python exception. The session stays usable. */
export class PythonException extends MpsandboxError {
  /**
   * @param typeName the exception's type name, for example `ZeroDivisionError`.
   * @param pyMessage `str(exception)`.
   * @param traceback the traceback as Python prints it, ending with the `Type: message` line.
   */
  constructor(
    readonly typeName: string,
    readonly pyMessage: string,
    readonly traceback: string,
  ) {
    super(traceback.trim() || (pyMessage ? `${typeName}: ${pyMessage}` : typeName));
  }
}

/** The code raised `SystemExit` (for example `sys.exit(3)`). The session stays usable. */
export class SystemExitError extends MpsandboxError {
  /** @param code the exit code. */
  constructor(readonly code: number) {
    super(`SystemExit: ${code}`);
  }
}

/** Which limit: `time` (values in ms), `memory` (bytes). */
export type LimitKind = "time" | "memory";

/**
 * A limit stopped the code cleanly, and the session stays usable with its globals as the code
 * left them: the timeout (a soft stop: `KeyboardInterrupt` unwound the Python stack), or the
 * memory cap (an uncaught `MemoryError`).
 */
export class LimitError extends MpsandboxError {
  /**
   * @param kind which limit.
   * @param limit the limit's value (ms or bytes).
   * @param used what was used when the code stopped (ms; for memory, the size of linear memory).
   * @param exception the Python exception the code ended with, if it did not swallow it.
   */
  constructor(
    readonly kind: LimitKind,
    readonly limit: number,
    readonly used: number,
    readonly exception: PythonException | undefined,
  ) {
    super(
      kind === "time"
        ? `time limit of ${limit} ms exceeded (ran ${used} ms)`
        : `memory limit of ${formatBytes(limit)} exceeded (linear memory at ${formatBytes(used)})`,
    );
  }
}

/**
 * The session cannot run code any more: the guest trapped (its state is unknown), or a worker
 * session was terminated by its hard stop. This call and every later one on the session fail
 * with this error; start a new session.
 */
export class SessionLostError extends MpsandboxError {
  /**
   * @param reason what happened.
   * @param limit the limit whose hard stop ended the session, if one did.
   */
  constructor(
    readonly reason: string,
    readonly limit?: { kind: LimitKind; limit: number; used: number },
  ) {
    super(`the session is lost: ${reason}`);
  }
}

/** A value could not cross the boundary (a function, a cycle, a malformed tree). Nothing ran. */
export class InvalidValueError extends MpsandboxError {}

/** The sandbox could not start: the component's files are missing, or the engine lacks a feature. */
export class RuntimeSupportError extends MpsandboxError {}

/** Formats a byte count for people: `16 MiB`, `1.5 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  if (bytes < 1024) {
    return `${bytes} bytes`;
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit + 1 < units.length) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * Why a snapshot could not be taken, read or restored (`kind`), mirroring the Rust library's
 * `SnapshotError`:
 * - `unsupported`: the session holds what a snapshot cannot carry (a file open at the time);
 * - `malformed`: the bytes are not a snapshot (no header, truncated, inconsistent);
 * - `version`: a format version this package does not read;
 * - `checksum`: the contents do not match their checksum (damaged or altered);
 * - `other-component`: taken by another build of the component (another memory layout);
 * - `rejected`: the guest refused the state (its layout does not fit this instance).
 *
 * A session whose `restore` failed is left as it was.
 */
export class SnapshotError extends MpsandboxError {
  /**
   * @param kind which failure.
   * @param message the whole message (as the Rust library words it).
   */
  constructor(
    readonly kind: SnapshotErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The kinds of {@link SnapshotError}. */
export type SnapshotErrorKind = "unsupported" | "malformed" | "version" | "checksum" | "other-component" | "rejected";
