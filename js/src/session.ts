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
  SystemExitError,
} from "./errors.js";
import { instantiate } from "./gen/mpsandbox.js";
import type { CompiledModules } from "./loader.js";
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

/** The sandbox's part a session needs: compiled modules and the memory cap. */
export interface SessionSource {
  readonly modules: CompiledModules;
  readonly memoryLimit: number;
}

/** Longest host-function error message passed to Python, in characters. */
const MAX_HOST_ERROR = 64 * 1024;

interface Exports {
  exec(code: string): { value?: WireValue; repr?: string };
  call(name: string, args: WireValue[], kwargs: Array<[string, WireValue]>): WireValue;
}

/**
 * One live MicroPython interpreter, run in the calling thread. Make it with
 * `Sandbox.session()`. `exec` and `call` block the thread while Python runs; a timeout stops
 * code softly (see `SessionOptions.timeout`); for a hard stop, use a `WorkerSession`.
 */
export class Session {
  readonly #exports: Exports;
  readonly #memory: () => number;
  readonly #stdout: Pipe;
  readonly #stderr: Pipe;
  readonly #timeout: number | undefined;
  readonly #memoryLimit: number;
  #deadline = Infinity;
  #stopped = false;
  #busy = false;
  #lost: SessionLostError | undefined;

  /** Use `Sandbox.session()`. */
  constructor(source: SessionSource, options: SessionOptions = {}) {
    const maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
    this.#stdout = new Pipe("stdout", maxOutput, options.onOutput);
    this.#stderr = new Pipe("stderr", maxOutput, options.onOutput);
    this.#timeout = options.timeout;
    this.#memoryLimit = source.memoryLimit;
    const functions = { ...(options.hostFunctions ?? {}) };
    const names = Object.keys(functions).sort();
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
      names: () => names,
      invoke: (name, args, kwargs) => invokeHost(functions, name, args as WireValue[], kwargs as Array<[string, WireValue]>),
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
    this.#exports = root.session as unknown as Exports;
    this.#memory = () => memory?.buffer.byteLength ?? 0;
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
      const out = this.#exports.exec(code);
      return { value: out.value, repr: out.repr };
    });
  }

  /** `call` taking and returning wire values. */
  callWire(name: string, args: WireValue[], kwargs: Array<[string, WireValue]>, options: CallOptions = {}): WireCallResult {
    return this.#run(options, () => ({ value: this.#exports.call(name, args, kwargs) }));
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
      usage: { wallMs, memoryBytes: this.#memory() },
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
      return new LimitError("memory", this.#memoryLimit, this.#memory(), exception);
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


