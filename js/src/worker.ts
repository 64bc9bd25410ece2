/**
 * A session in a worker of its own (Node `worker_threads` or a browser module worker), so
 * that code which does not stop can be stopped: the worker is terminated.
 * @module
 */

import type { OutputCallback } from "./capture.js";
import { MpsandboxError, SessionLostError, SnapshotError } from "./errors.js";
import { errorFromData, type FromWorker, type SnapshotData, type ToWorker } from "./protocol.js";
import type { CallOptions, CallResult, ExecResult, SessionSource } from "./session.js";
import { Snapshot } from "./snapshot.js";
import { type PyInput, type WireValue, fromWire, toWire } from "./values.js";

/** The default grace between a call's timeout and its hard stop: 500 ms. */
export const DEFAULT_GRACE = 500;

/** How a worker session runs code; every field has a safe default. */
export interface WorkerSessionOptions {
  /** Wall-clock limit of each `exec`/`call` in ms: first a soft stop, then the hard stop; default: none. */
  timeout?: number;
  /** Time after the timeout at which a call that has not returned is hard-stopped, in ms; default 500. */
  grace?: number;
  /** Bytes of stdout and of stderr kept per call; default 1 MiB each. */
  maxOutput?: number;
  /**
   * A module (URL or specifier the worker can import) whose exported functions become the
   * session's host functions (see `HostFunction`); they run in the worker. Default: none.
   */
  hostFunctions?: string | URL;
  /** Receives output as the code produces it (a message from the worker per chunk). */
  onOutput?: OutputCallback;
}

interface Channel {
  post(message: ToWorker): void;
  terminate(): void;
  /** Whether the worker keeps Node's event loop alive (only while a call is pending). */
  hold(busy: boolean): void;
}

type Pending = { resolve(value: FromWorker): void };

const isNode = typeof process === "object" && typeof process.versions?.node === "string";

async function spawn(onMessage: (message: FromWorker) => void, onError: (error: unknown) => void): Promise<Channel> {
  const url = new URL("./worker-entry.js", import.meta.url);
  if (isNode) {
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(url);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", (code) => onError(new Error(`the worker exited (code ${code})`)));
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate(),
      hold: (busy) => (busy ? worker.ref() : worker.unref()),
    };
  }
  const worker = new Worker(url, { type: "module" });
  worker.addEventListener("message", (event: MessageEvent<FromWorker>) => onMessage(event.data));
  worker.addEventListener("error", (event) => onError(event.message || "the worker failed"));
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate(), hold: () => {} };
}

/**
 * A session whose interpreter runs in a worker: `exec` and `call` return promises, calls run
 * one at a time in order, and a call still running `grace` ms after its timeout is
 * hard-stopped: the worker is terminated, and the call and every later one fail with
 * `SessionLostError`. Make it with `Sandbox.workerSession()`.
 */
export class WorkerSession {
  #channel!: Channel;
  #options: WorkerSessionOptions;
  #source!: SessionSource;
  /** This session's settings: its forks share them. */
  #origin: object = {};
  #next = 1;
  #pending = new Map<number, Pending>();
  #queue: Promise<unknown> = Promise.resolve();
  #lost: SessionLostError | undefined;
  #started!: (message: FromWorker) => void;

  private constructor(options: WorkerSessionOptions) {
    this.#options = options;
  }

  /**
   * Use `Sandbox.workerSession()` or `Sandbox.restoreWorker()`.
   * @param source the sandbox.
   * @param options the session's options.
   * @param snapshot a state to start from.
   * @param origin internal: the settings of the session this one is a fork of.
   */
  static async start(
    source: SessionSource,
    options: WorkerSessionOptions,
    snapshot?: Snapshot,
    origin?: object,
  ): Promise<WorkerSession> {
    const session = new WorkerSession(options);
    session.#source = source;
    session.#origin = origin ?? session.#origin;
    const started = new Promise<FromWorker>((resolve) => (session.#started = resolve));
    session.#channel = await spawn(
      (message) => session.#receive(message),
      (error) => session.#fail(new SessionLostError(`the worker failed (${String(error)})`)),
    );
    await started;
    const ready = new Promise<FromWorker>((resolve) => (session.#started = resolve));
    session.#channel.post({
      type: "init",
      modules: source.modules,
      memoryLimit: source.memoryLimit,
      componentId: source.componentId,
      timeout: options.timeout,
      maxOutput: options.maxOutput,
      hostModule: options.hostFunctions?.toString(),
      streamOutput: options.onOutput !== undefined,
      snapshot: snapshot ? snapshotData(snapshot) : undefined,
    });
    const answer = await ready;
    if (answer.type === "failed") {
      session.terminate();
      throw errorFromData(answer.error);
    }
    session.#channel.hold(false);
    return session;
  }

  /** As `Session.exec`, in the worker. */
  async exec(code: string, options: CallOptions = {}): Promise<ExecResult> {
    const result = done(await this.#request(options, (id, timeout) => ({ type: "exec", id, code, timeout })));
    return { ...result, repr: result.repr, value: result.value === undefined ? undefined : fromWire(result.value) };
  }

  /** As `Session.call`, in the worker. */
  async call(
    name: string,
    args: PyInput[] = [],
    kwargs: Record<string, PyInput> = {},
    options: CallOptions = {},
  ): Promise<CallResult> {
    const wireArgs = args.map(toWire);
    const wireKwargs = Object.entries(kwargs).map(([key, value]): [string, WireValue] => [key, toWire(value)]);
    const result = done(
      await this.#request(options, (id, timeout) => ({
        type: "call",
        id,
        name,
        args: wireArgs,
        kwargs: wireKwargs,
        timeout,
      })),
    );
    return { ...result, value: fromWire(result.value!) };
  }

  /** As `Session.snapshot`: the state of the worker's interpreter (copied out of the worker). */
  async snapshot(): Promise<Snapshot> {
    const reply = await this.#request({}, (id) => ({ type: "snapshot", id }));
    if (reply.type !== "snapshot") {
      throw new MpsandboxError(`unexpected reply from the worker: ${reply.type}`);
    }
    const { componentId, memory, regions } = reply.snapshot;
    return new Snapshot(componentId, memory, regions, this.#origin);
  }

  /** As `Session.restore`, in the worker (a lost worker session cannot be revived: start a new one). */
  async restore(snapshot: Snapshot): Promise<void> {
    const data = snapshotData(snapshot);
    await this.#request({}, (id) => ({ type: "restore", id, snapshot: data }));
  }

  /** As `Session.fork`: a new worker session (a worker of its own) with this one's state and options. */
  async fork(): Promise<WorkerSession> {
    const snapshot = await this.snapshot();
    return WorkerSession.start(this.#source, this.#options, snapshot, this.#origin);
  }

  /** Whether the session is lost (every call fails with the returned error), or `undefined`. */
  get lost(): SessionLostError | undefined {
    return this.#lost;
  }

  /** Ends the session now: the worker is terminated, and calls still waiting fail with `SessionLostError`. */
  terminate(): void {
    this.#fail(new SessionLostError("the session was terminated"));
  }

  #request(
    options: CallOptions,
    message: (id: number, timeout: number | undefined) => ToWorker,
  ): Promise<Reply> {
    const run = async () => {
      if (this.#lost) {
        throw this.#lost;
      }
      const id = this.#next++;
      const timeout = options.timeout ?? this.#options.timeout;
      const answer = new Promise<FromWorker>((resolve) => this.#pending.set(id, { resolve }));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const started = performance.now();
      if (timeout !== undefined) {
        const grace = this.#options.grace ?? DEFAULT_GRACE;
        timer = setTimeout(() => {
          const used = Math.round(performance.now() - started);
          this.#fail(
            new SessionLostError(
              `hard stop: the code did not stop within ${grace} ms of its time limit of ${timeout} ms ` +
                "(it swallowed the stop, or is stuck in C); the worker running the session was terminated",
              { kind: "time", limit: timeout, used },
            ),
          );
        }, timeout + grace);
      }
      this.#channel.hold(true);
      this.#channel.post(message(id, timeout));
      const reply = await answer;
      clearTimeout(timer);
      if (!this.#lost) {
        this.#channel.hold(false);
      }
      if (reply.type === "done" || reply.type === "snapshot" || reply.type === "restored") {
        return reply;
      }
      if (reply.type === "error") {
        throw errorFromData(reply.error);
      }
      throw this.#lost ?? new MpsandboxError(`unexpected reply from the worker: ${reply.type}`);
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case "started":
      case "ready":
      case "failed":
        this.#started(message);
        return;
      case "output":
        this.#options.onOutput?.(message.stream, message.text);
        return;
      case "done":
      case "snapshot":
      case "restored":
      case "error": {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        pending?.resolve(message);
        return;
      }
    }
  }

  #fail(error: SessionLostError): void {
    if (this.#lost) {
      return;
    }
    this.#lost = error;
    this.#channel?.terminate();
    this.#started?.({ type: "failed", error: { name: error.name, message: error.message, props: { reason: error.reason } } });
    for (const pending of this.#pending.values()) {
      pending.resolve({ type: "failed", error: { name: error.name, message: error.message, props: {} } });
    }
    this.#pending.clear();
  }
}

type Reply = Extract<FromWorker, { type: "done" | "snapshot" | "restored" }>;

function done(reply: Reply): Extract<FromWorker, { type: "done" }>["result"] {
  if (reply.type !== "done") {
    throw new MpsandboxError(`unexpected reply from the worker: ${reply.type}`);
  }
  return reply.result;
}

function snapshotData(snapshot: Snapshot): SnapshotData {
  if (!(snapshot instanceof Snapshot)) {
    throw new SnapshotError("malformed", "not a valid mpsandbox snapshot: expected a Snapshot");
  }
  return { componentId: snapshot.componentId, memory: snapshot.memory, regions: [...snapshot.regions] };
}
