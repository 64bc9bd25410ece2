/**
 * Messages between a `WorkerSession` and its worker, and errors in a form that survives
 * `postMessage` (which keeps neither classes nor extra fields of errors).
 * @module
 */

import {
  type CallOutput,
  InvalidValueError,
  LimitError,
  MpsandboxError,
  PythonException,
  PythonSyntaxError,
  RuntimeSupportError,
  SessionLostError,
  SnapshotError,
  SystemExitError,
} from "./errors.js";
import type { CompiledModules } from "./loader.js";
import type { SnapshotRegion } from "./snapshot.js";
import type { WireValue } from "./values.js";

/** A snapshot as plain data (what `postMessage` keeps of it). */
export interface SnapshotData {
  componentId: string;
  memory: number;
  regions: SnapshotRegion[];
}

/** An error as plain data. */
export interface ErrorData {
  name: string;
  message: string;
  props: Record<string, unknown>;
  exception?: ErrorData;
}

/** Main thread to worker. */
export type ToWorker =
  | {
      type: "init";
      modules: CompiledModules;
      memoryLimit: number;
      componentId: string;
      timeout: number | undefined;
      maxOutput: number | undefined;
      hostModule: string | undefined;
      streamOutput: boolean;
      /** A state to start from. */
      snapshot: SnapshotData | undefined;
    }
  | { type: "snapshot"; id: number }
  | { type: "restore"; id: number; snapshot: SnapshotData }
  | { type: "exec"; id: number; code: string; timeout: number | undefined }
  | {
      type: "call";
      id: number;
      name: string;
      args: WireValue[];
      kwargs: Array<[string, WireValue]>;
      timeout: number | undefined;
    };

/** Worker to main thread. */
export type FromWorker =
  | { type: "started" }
  | { type: "ready" }
  | { type: "failed"; error: ErrorData }
  | { type: "output"; stream: "stdout" | "stderr"; text: string }
  | { type: "done"; id: number; result: CallOutput & { value: WireValue | undefined; repr?: string } }
  | { type: "error"; id: number; error: ErrorData }
  | { type: "snapshot"; id: number; snapshot: SnapshotData }
  | { type: "restored"; id: number };

/** Turns an error into plain data. */
export function errorToData(error: unknown): ErrorData {
  if (!(error instanceof Error)) {
    return { name: "MpsandboxError", message: String(error), props: {} };
  }
  const props: Record<string, unknown> = {};
  let exception: ErrorData | undefined;
  for (const [key, value] of Object.entries(error)) {
    if (key === "exception" && value instanceof Error) {
      exception = errorToData(value);
    } else {
      props[key] = value;
    }
  }
  return { name: error.name, message: error.message, props, exception };
}

/** Rebuilds an error of this package's classes from plain data. */
export function errorFromData(data: ErrorData): MpsandboxError {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const p = data.props as any;
  let error: MpsandboxError;
  switch (data.name) {
    case "PythonSyntaxError":
      error = new PythonSyntaxError(p.typeName, p.pyMessage, p.line, p.column);
      break;
    case "PythonException":
      error = new PythonException(p.typeName, p.pyMessage, p.traceback);
      break;
    case "SystemExitError":
      error = new SystemExitError(p.code);
      break;
    case "LimitError":
      error = new LimitError(
        p.kind,
        p.limit,
        p.used,
        data.exception ? (errorFromData(data.exception) as PythonException) : undefined,
      );
      break;
    case "SessionLostError":
      error = new SessionLostError(p.reason, p.limit);
      break;
    case "InvalidValueError":
      error = new InvalidValueError(data.message);
      break;
    case "SnapshotError":
      error = new SnapshotError(p.kind, data.message);
      break;
    case "RuntimeSupportError":
      error = new RuntimeSupportError(data.message);
      break;
    default:
      error = new MpsandboxError(data.message);
  }
  if (p.output) {
    error.output = p.output;
  }
  return error;
}
