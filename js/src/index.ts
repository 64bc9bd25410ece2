/**
 * mpsandbox for JavaScript: untrusted Python (MicroPython as a WebAssembly component) in
 * Node and the browser.
 *
 * ```js
 * import { Sandbox } from "mpsandbox";
 * const sandbox = await Sandbox.create();
 * const session = sandbox.session({ timeout: 1000 });
 * session.exec("def area(w, h=1):\n    return w * h");
 * session.exec("area(6, 7)").value; // 42
 * ```
 * @module
 */

export { DEFAULT_MAX_OUTPUT, type OutputCallback, type StreamName } from "./capture.js";
export {
  type CallOutput,
  InvalidValueError,
  LimitError,
  type LimitKind,
  MpsandboxError,
  PythonException,
  PythonSyntaxError,
  RuntimeSupportError,
  SessionLostError,
  SnapshotError,
  type SnapshotErrorKind,
  SystemExitError,
  type Usage,
  formatBytes,
} from "./errors.js";
export { DEFAULT_MEMORY_LIMIT, Sandbox, type SandboxOptions } from "./sandbox.js";
export {
  type CallOptions,
  type CallResult,
  type ExecResult,
  type HostFunction,
  type RestoreFrom,
  Session,
  type SessionOptions,
  Template,
} from "./session.js";
export { FORMAT_VERSION, Snapshot, type SnapshotRegion } from "./snapshot.js";
export { Float, type PyInput, type PyValue, Tuple } from "./values.js";
export { DEFAULT_GRACE, WorkerSession, type WorkerSessionOptions } from "./worker.js";
