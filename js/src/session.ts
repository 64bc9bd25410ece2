/**
 * A session: one live MicroPython interpreter in this thread, whose state persists across
 * `exec` and `call`.
 * @module
 */

import { DEFAULT_MAX_OUTPUT, Pipe, type OutputCallback } from "./capture.js";
import {
  type CallOutput,
  InvalidValueError,
  LimitError,
  MpsandboxError,
  PythonException,
  PythonSyntaxError,
  SessionLostError,
  SnapshotError,
  SystemExitError,
} from "./errors.js";
import { instantiate } from "./gen/mpsandbox.js";
import type { CompiledModules } from "./loader.js";
import { Snapshot, type SnapshotRegion } from "./snapshot.js";
import { type PyInput, type PyValue, type WireValue, fromWire, toWire } from "./values.js";
import { wasiImports } from "./wasi.js";

/**
 * A function Python can call as `host.NAME(*args, **kwargs)` (after `import host`).
 *
 * It runs synchronously, in the thread of the session. What it returns crosses back as a
 * Python value (`undefined` is `None`); what it throws is raised in Python as `host.HostError`
 * carrying the error's message (an `Exception`, catchable).
 */
export type HostFunction = (args: PyValue[], kwargs: Record<string, PyValue>) => PyInput;

/** How a session runs code; every field has a safe default. */
export interface SessionOptions {
  /** Wall-clock limit of each `exec`/`call`, in ms (soft stop); default: none. */
  timeout?: number;
  /** Bytes of stdout and of stderr kept per call; default 1 MiB each. */
  maxOutput?: number;
  /** Functions Python may call through the `host` module; default: none. */
  hostFunctions?: Record<string, HostFunction>;
  /** Receives output as the code produces it. */
  onOutput?: OutputCallback;
}

/** Options of one call. */
export interface CallOptions {
  /** Wall-clock limit of this call in ms, instead of the session's. */
  timeout?: number;
}

/** Where a session starts from, instead of a fresh interpreter. */
export interface RestoreFrom {
  /** The state. */
  snapshot: Snapshot;
  /** The settings of the session that took it, when they are the new session's (no rebinding). */
  origin?: object;
  /** Whether `random` is seeded anew (sessions of a template), rather than continued. */
  reseed?: boolean;
}

/** The result of a successful `exec`. */
export interface ExecResult extends CallOutput {
  /** When the last statement is an expression with a value form: its value (`null` for `None`); else `undefined`. */
  value: PyValue | undefined;
  /** When the last statement is an expression: its `repr` text (also for values without a value form). */
  repr: string | undefined;
}

/** The result of a successful `call`. */
export interface CallResult extends CallOutput {
  /** What the function returned. */
  value: PyValue;
}

/** The result of `exec` with the value still in its wire form (for worker sessions). */
export interface WireExecResult extends CallOutput {
  value: WireValue | undefined;
  repr: string | undefined;
}

/** The result of `call` with the value still in its wire form (for worker sessions). */
export interface WireCallResult extends CallOutput {
  value: WireValue;
}

/** The sandbox's part a session needs: compiled modules, the memory cap, the component's id. */
export interface SessionSource {
  readonly modules: CompiledModules;
  readonly memoryLimit: number;
  /** The hex SHA-256 of the component (what a snapshot names). */
  readonly componentId: string;
}

/** Longest host-function error message passed to Python, in characters. */
const MAX_HOST_ERROR = 64 * 1024;

interface Exports {
  exec(code: string): { value?: WireValue; repr?: string };
  call(name: string, args: WireValue[], kwargs: Array<[string, WireValue]>): WireValue;
}

interface SnapshotExports {
  save(): { memory: number; regions: SnapshotRegion[] };
  prepare(memory: number, plan: Array<[number, number]>): void;
  restore(regions: SnapshotRegion[], rebind: boolean, reseed: boolean): void;
}

/** One instance of the component: its exports and the size of its linear memory. */
interface Instance {
  exports: Exports;
  snapshot: SnapshotExports;
  memory: () => number;
}

/**
 * One live MicroPython interpreter, run in the calling thread. Make it with
 * `Sandbox.session()` (or `Sandbox.restore()`, `Session.fork()`). `exec` and `call` block the
 * thread while Python runs; a timeout stops code softly (see `SessionOptions.timeout`); for
 * a hard stop, use a `WorkerSession`.
 */
export class Session {
  readonly #source: SessionSource;
  readonly #options: SessionOptions;
  /** This session's settings: snapshots it takes are restored by its forks without rebinding. */
  readonly #origin: object;
  readonly #functions: Record<string, HostFunction>;
  readonly #names: string[];
  #instance: Instance;
  readonly #stdout: Pipe;
  readonly #stderr: Pipe;
  readonly #timeout: number | undefined;
  readonly #memoryLimit: number;
  #deadline = Infinity;
  #stopped = false;
  #busy = false;
  #lost: SessionLostError | undefined;

  /**
   * Use `Sandbox.session()` or `Sandbox.restore()`.
   * @param source the sandbox.
   * @param options the session's options (capabilities and limits: never a snapshot's).
   * @param from a state to start from, instead of a fresh interpreter.
   * @throws SnapshotError, LimitError (the snapshot needs more memory than the limit)
   */
  constructor(source: SessionSource, options: SessionOptions = {}, from?: RestoreFrom) {
    const { snapshot, origin, reseed = false } = from ?? {};
    const maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
    this.#source = source;
    this.#options = options;
    this.#origin = origin ?? {};
    this.#stdout = new Pipe("stdout", maxOutput, options.onOutput);
    this.#stderr = new Pipe("stderr", maxOutput, options.onOutput);
    this.#timeout = options.timeout;
    this.#memoryLimit = source.memoryLimit;
    this.#functions = { ...(options.hostFunctions ?? {}) };
    this.#names = Object.keys(this.#functions).sort();
    this.#instance = snapshot ? this.#restored(snapshot, reseed) : this.#instantiate();
  }

  /** A fresh instance of the component, wired to this session's pipes and host functions. */
  #instantiate(): Instance {
    const source = this.#source;
    let memory: WebAssembly.Memory | undefined;
    const imports = wasiImports({
      stdout: this.#stdout,
      stderr: this.#stderr,
      shouldStop: () => {
        if (!this.#stopped && performance.now() >= this.#deadline) {
          this.#stopped = true;
        }
        return this.#stopped;
      },
      names: () => this.#names,
      invoke: (name, args, kwargs) =>
        invokeHost(this.#functions, name, args as WireValue[], kwargs as Array<[string, WireValue]>),
    });
    const root = instantiate(
      (path) => {
        const module = source.modules[path];
        if (!module) {
          throw new MpsandboxError(`the component has no core module ${path}`);
        }
        return module;
      },
      imports as never,
      (module, importObject) => {
        const instance = new WebAssembly.Instance(module, importObject);
        if (instance.exports.memory instanceof WebAssembly.Memory && !memory) {
          memory = instance.exports.memory;
        }
        return instance;
      },
    );
    return {
      exports: root.session as unknown as Exports,
      snapshot: root.snapshot as unknown as SnapshotExports,
      memory: () => memory?.buffer.byteLength ?? 0,
    };
  }

  /** A fresh instance that has taken `snapshot`'s state (see the WIT interface `snapshot`). */
  #restored(snapshot: Snapshot, reseed = false): Instance {
    if (!(snapshot instanceof Snapshot)) {
      throw new SnapshotError("malformed", "not a valid mpsandbox snapshot: expected a Snapshot");
    }
    if (snapshot.componentId !== this.#source.componentId) {
      throw new SnapshotError(
        "other-component",
        `the snapshot was taken by another component (sha256 ${snapshot.componentId}); ` +
          `this sandbox runs ${this.#source.componentId}`,
      );
    }
    if (snapshot.memory > this.#memoryLimit) {
      throw new LimitError("memory", this.#memoryLimit, snapshot.memory, undefined);
    }
    const instance = this.#instantiate();
    const plan = snapshot.regions.map((region): [number, number] => [region.address, region.bytes.length]);
    const rebind = !snapshot.isFrom(this.#origin);
    try {
      instance.snapshot.prepare(snapshot.memory, plan);
      instance.snapshot.restore(snapshot.regions as SnapshotRegion[], rebind, reseed);
    } catch (error) {
      const reason = (error as { payload?: unknown } | undefined)?.payload;
      if (typeof reason === "string" && reason.includes("needs more memory")) {
        throw new LimitError("memory", this.#memoryLimit, snapshot.memory, undefined);
      }
      const text = typeof reason === "string" ? reason : `the guest trapped (${String(error)})`;
      throw new SnapshotError("rejected", `cannot restore the snapshot: ${text}`);
    } finally {
      this.#stdout.take();
      this.#stderr.take();
    }
    return instance;
  }

  /**
   * Takes a snapshot of the session's state (everything Python can observe), between calls;
   * the session goes on unchanged. Garbage not yet collected is saved too (run
   * `gc.collect()` first to leave it out). A session that has run no code yet is started
   * first: its snapshot is an idle interpreter's.
   * @throws SnapshotError `unsupported` when the session holds what a snapshot cannot carry
   *   (a file open at the time); SessionLostError; MpsandboxError during a call.
   */
  snapshot(): Snapshot {
    const image = this.#guard(() => {
      try {
        return this.#instance.snapshot.save();
      } catch (error) {
        const reason = (error as { payload?: unknown } | undefined)?.payload;
        if (typeof reason === "string") {
          throw new SnapshotError("unsupported", `cannot take a snapshot: ${reason}`);
        }
        this.#lost = new SessionLostError(`the guest trapped (${String(error)})`);
        throw this.#lost;
      } finally {
        this.#stdout.take();
        this.#stderr.take();
      }
    });
    return new Snapshot(this.#source.componentId, image.memory, image.regions, this.#origin);
  }

  /**
   * A new session with this one's state and options, which then go their own ways: a
   * `snapshot()` restored at once (the same errors).
   */
  fork(): Session {
    const snapshot = this.snapshot();
    return new Session(this.#source, this.#options, { snapshot, origin: this.#origin });
  }

  /**
   * A template: a session runs `setup` once, and its state becomes the start of every session
   * of the template (see `Template`).
   * @throws what `exec(setup)` throws, and as `snapshot()`.
   */
  static template(source: SessionSource, options: SessionOptions, setup: string): Template {
    const session = new Session(source, options);
    session.exec(setup);
    // Collected once here, the setup's garbage is neither copied into every session nor
    // collected again by each.
    session.exec("__import__('gc').collect()");
    return new Template(source, options, session.snapshot(), session.#origin);
  }

  /**
   * Replaces the session's state with `snapshot`'s (going back to an earlier state, or taking
   * another session's), keeping its options. A lost session is usable again after it. On
   * error the session is left as it was.
   * @throws SnapshotError, LimitError (the snapshot needs more memory than the limit)
   */
  restore(snapshot: Snapshot): void {
    if (this.#busy) {
      throw new MpsandboxError("the session is running a call (a host function cannot restore its session)");
    }
    this.#instance = this.#restored(snapshot);
    this.#lost = undefined;
  }

  #guard<T>(body: () => T): T {
    if (this.#lost) {
      throw this.#lost;
    }
    if (this.#busy) {
      throw new MpsandboxError("the session is already running a call (a host function cannot re-enter its session)");
    }
    this.#busy = true;
    try {
      return body();
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Runs Python statements in the session's globals, like a notebook cell: variables,
   * functions and imports persist to the next call. When the last statement is an
   * expression, the result carries its value and `repr`.
   * @throws PythonSyntaxError, PythonException, SystemExitError, LimitError, SessionLostError
   */
  exec(code: string, options: CallOptions = {}): ExecResult {
    const result = this.execWire(code, options);
    return { ...result, value: result.value === undefined ? undefined : this.#convert(result, result.value) };
  }

  /**
   * Calls the global callable `name` with positional and keyword arguments and returns its
   * value. A result without a value form is a `PythonException` (`TypeError` naming its type).
   * @throws InvalidValueError for arguments without a Python form (nothing runs), and as `exec`.
   */
  call(name: string, args: PyInput[] = [], kwargs: Record<string, PyInput> = {}, options: CallOptions = {}): CallResult {
    const wireArgs = args.map(toWire);
    const wireKwargs = Object.entries(kwargs).map(([key, value]): [string, WireValue] => [key, toWire(value)]);
    const result = this.callWire(name, wireArgs, wireKwargs, options);
    return { ...result, value: this.#convert(result, result.value) };
  }

  /** Whether the session is lost (every call fails with the returned error), or `undefined`. */
  get lost(): SessionLostError | undefined {
    return this.#lost;
  }

  /** `exec` returning the value in wire form. */
  execWire(code: string, options: CallOptions = {}): WireExecResult {
    return this.#run(options, () => {
      const out = this.#instance.exports.exec(code);
      return { value: out.value, repr: out.repr };
    });
  }

  /** `call` taking and returning wire values. */
  callWire(name: string, args: WireValue[], kwargs: Array<[string, WireValue]>, options: CallOptions = {}): WireCallResult {
    return this.#run(options, () => ({ value: this.#instance.exports.call(name, args, kwargs) }));
  }

  #convert(output: CallOutput, wire: WireValue): PyValue {
    try {
      return fromWire(wire);
    } catch (error) {
      if (error instanceof MpsandboxError) {
        error.output = output;
      }
      throw error;
    }
  }

  #run<T extends object>(options: CallOptions, body: () => T): T & CallOutput {
    if (this.#lost) {
      throw this.#lost;
    }
    if (this.#busy) {
      throw new MpsandboxError("the session is already running a call (a host function cannot re-enter its session)");
    }
    this.#busy = true;
    const timeout = options.timeout ?? this.#timeout;
    const started = performance.now();
    this.#deadline = timeout === undefined ? Infinity : started + timeout;
    this.#stopped = false;
    let result: T | undefined;
    let failure: unknown;
    try {
      result = body();
    } catch (error) {
      failure = error;
    } finally {
      this.#busy = false;
      this.#deadline = Infinity;
    }
    const wallMs = Math.round((performance.now() - started) * 1000) / 1000;
    const stdout = this.#stdout.take();
    const stderr = this.#stderr.take();
    const output: CallOutput = {
      stdout: stdout.text,
      stderr: stderr.text,
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      usage: { wallMs, memoryBytes: this.#instance.memory() },
    };
    const stoppedBy = this.#stopped && timeout !== undefined ? { timeout, wallMs } : undefined;
    if (failure === undefined && !stoppedBy) {
      return { ...output, ...result! };
    }
    const error = this.#error(failure, stoppedBy);
    error.output = output;
    throw error;
  }

  #error(failure: unknown, stoppedBy: { timeout: number; wallMs: number } | undefined): MpsandboxError {
    const payload = (failure as { payload?: GuestError } | undefined)?.payload;
    if (failure !== undefined && (typeof payload !== "object" || payload === null || !("tag" in payload))) {
      if (failure instanceof MpsandboxError) {
        return failure;
      }
      this.#lost = new SessionLostError(`the guest trapped (${String(failure)})`);
      return this.#lost;
    }
    const python = payload === undefined ? undefined : pythonError(payload);
    const exception = python instanceof PythonException ? python : undefined;
    if (stoppedBy) {
      return new LimitError("time", stoppedBy.timeout, Math.round(stoppedBy.wallMs), exception);
    }
    if (exception?.typeName === "MemoryError" && exception.pyMessage.startsWith("memory allocation failed")) {
      return new LimitError("memory", this.#memoryLimit, this.#instance.memory(), exception);
    }
    return python!;
  }
}

type GuestError =
  | { tag: "syntax"; val: { typeName: string; message: string; line: number; column?: number } }
  | { tag: "exception"; val: { typeName: string; message: string; traceback: string } }
  | { tag: "exit"; val: number };

function pythonError(payload: GuestError): MpsandboxError {
  switch (payload.tag) {
    case "syntax":
      return new PythonSyntaxError(payload.val.typeName, payload.val.message, payload.val.line, payload.val.column);
    case "exception":
      return new PythonException(payload.val.typeName, payload.val.message, payload.val.traceback);
    case "exit":
      return new SystemExitError(payload.val);
  }
}

function invokeHost(
  functions: Record<string, HostFunction>,
  name: string,
  args: WireValue[],
  kwargs: Array<[string, WireValue]>,
): WireValue {
  const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
  if (!fn) {
    throw `no host function named '${name}'`;
  }
  let result: PyInput;
  try {
    const named: Record<string, PyValue> = {};
    for (const [key, value] of kwargs) {
      named[key] = fromWire(value);
    }
    result = fn(args.map(fromWire), named);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw message.slice(0, MAX_HOST_ERROR);
  }
  try {
    return toWire(result);
  } catch (error) {
    throw `host function '${name}' returned a value without a Python form: ${(error as Error).message}`;
  }
}



/**
 * Sessions that start from a common state: the state a session reached by running the
 * template's setup code once (imports, helper functions, data), with the template's options.
 * Make it with `Sandbox.template()`. Each session starts with that state, skipping the
 * interpreter's initialisation and the setup, and with `random` seeded anew (sessions share a
 * start, not a random sequence); they then go their own ways.
 */
export class Template {
  readonly #source: SessionSource;
  readonly #options: SessionOptions;
  readonly #origin: object;

  /** Use `Sandbox.template()`. */
  constructor(
    source: SessionSource,
    options: SessionOptions,
    /** The state after the setup code (also for `Sandbox.restoreWorker`, or to save). */
    readonly snapshot: Snapshot,
    origin: object,
  ) {
    this.#source = source;
    this.#options = options;
    this.#origin = origin;
  }

  /** A new session in the template's state, with its options. */
  session(): Session {
    return new Session(this.#source, this.#options, { snapshot: this.snapshot, origin: this.#origin, reseed: true });
  }
}
