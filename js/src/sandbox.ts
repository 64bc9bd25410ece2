/**
 * The sandbox: the component compiled once, from which sessions start in microseconds.
 * @module
 */

import { compileModules, type CompiledModules } from "./loader.js";
import { Session, type SessionOptions, type SessionSource } from "./session.js";
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
  /** Where the component's files are (`mpsandbox.core.wasm`...); default: this package's `gen/`. */
  componentUrl?: URL;
}

/** The component, compiled: make it once, then open sessions from it. */
export class Sandbox implements SessionSource {
  private constructor(
    /** The compiled core modules (they can be sent to workers). */
    readonly modules: CompiledModules,
    /** The cap on each session's linear memory, in bytes. */
    readonly memoryLimit: number,
  ) {}

  /** Loads and compiles the component (about 100-200 ms; do it once). */
  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    const base = options.componentUrl ?? new URL("./gen/", import.meta.url);
    return new Sandbox(await compileModules(base, memoryLimit), memoryLimit);
  }

  /** A sandbox from modules compiled elsewhere (another thread's `Sandbox.modules`). */
  static fromModules(modules: CompiledModules, memoryLimit: number): Sandbox {
    return new Sandbox(modules, memoryLimit);
  }

  /** Starts a session in this thread (synchronous calls; soft stop only). */
  session(options: SessionOptions = {}): Session {
    return new Session(this, options);
  }

  /** Starts a session in a worker of its own (asynchronous calls; soft and hard stop). */
  workerSession(options: WorkerSessionOptions = {}): Promise<WorkerSession> {
    return WorkerSession.start(this, options);
  }
}
