/**
 * The sandbox: the component compiled once, from which sessions start in microseconds.
 * @module
 */

import { compileModules, loadComponentId, type CompiledModules } from "./loader.js";
import { Session, type SessionOptions, type SessionSource, type Template } from "./session.js";
import type { Snapshot } from "./snapshot.js";
import { WorkerSession, type WorkerSessionOptions } from "./worker.js";

/** The default cap on each session's linear memory: 256 MiB (as the Rust library's). */
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;

/** How a sandbox is made. */
export interface SandboxOptions {
  /**
   * Cap on each session's linear memory in bytes (whole 64 KiB pages); default 256 MiB.
   * Growth past it fails inside the guest, which raises Python's `MemoryError`.
   */
  memoryLimit?: number;
  /**
   * Where the component's files are (`mpsandbox.core.wasm`..., and `mpsandbox.sha256`, the
   * component's id that snapshots name); default: this package's `gen/`.
   */
  componentUrl?: URL;
}

/** The component, compiled: make it once, then open sessions from it. */
export class Sandbox implements SessionSource {
  private constructor(
    /** The compiled core modules (they can be sent to workers). */
    readonly modules: CompiledModules,
    /** The cap on each session's linear memory, in bytes. */
    readonly memoryLimit: number,
    /** The component's id: the hex SHA-256 of its bytes (what snapshots name). */
    readonly componentId: string,
  ) {}

  /** Loads and compiles the component (about 100-200 ms; do it once). */
  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    const base = options.componentUrl ?? new URL("./gen/", import.meta.url);
    const [modules, componentId] = await Promise.all([compileModules(base, memoryLimit), loadComponentId(base)]);
    return new Sandbox(modules, memoryLimit, componentId);
  }

  /** A sandbox from modules compiled elsewhere (another thread's `Sandbox.modules`, `componentId`). */
  static fromModules(modules: CompiledModules, memoryLimit: number, componentId: string): Sandbox {
    return new Sandbox(modules, memoryLimit, componentId);
  }

  /** Starts a session in this thread (synchronous calls; soft stop only). */
  session(options: SessionOptions = {}): Session {
    return new Session(this, options);
  }

  /**
   * Starts a session in this thread from `snapshot`'s state, with `options` of its own: the
   * host functions, timeout, output and memory limits are this call's and this sandbox's,
   * never the snapshot's.
   * @throws SnapshotError `other-component` (taken by another build of the component) or
   *   `rejected`; LimitError when the state needs more memory than `memoryLimit`.
   */
  restore(snapshot: Snapshot, options: SessionOptions = {}): Session {
    return new Session(this, options, { snapshot });
  }

  /**
   * Runs `setup` once in a new session with `options`, and returns the template whose
   * sessions start from the state it left (see `Template`).
   * @throws what `exec(setup)` throws (PythonException, PythonSyntaxError, LimitError...).
   */
  template(setup: string, options: SessionOptions = {}): Template {
    return Session.template(this, options, setup);
  }

  /** Starts a session in a worker of its own (asynchronous calls; soft and hard stop). */
  workerSession(options: WorkerSessionOptions = {}): Promise<WorkerSession> {
    return WorkerSession.start(this, options);
  }

  /**
   * Starts a session in a worker of its own from `snapshot`'s state, with `options` of its
   * own (as `restore`; the state is copied into the worker).
   */
  restoreWorker(snapshot: Snapshot, options: WorkerSessionOptions = {}): Promise<WorkerSession> {
    return WorkerSession.start(this, options, snapshot);
  }
}
