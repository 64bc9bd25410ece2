/**
 * The WASI imports a session's component gets: the safe defaults, built per session.
 *
 * - stdout and stderr go to the session's bounded {@link Pipe}s; stdin is empty (closed).
 * - No preopened directories (the filesystem interfaces exist but nothing can be opened), no
 *   environment variables, no arguments (the component imports no `wasi:cli/environment`).
 * - No network: `wasi:http/outgoing-handler.handle` refuses every request with
 *   `HTTP-request-denied` before anything is sent (Python's `requests` raises `RequestDenied`).
 * - Clocks and entropy come from the JavaScript engine (`performance.now`, `Date.now`,
 *   `crypto.getRandomValues`).
 * - Waits (`time.sleep`, in 10 ms slices) block the thread: with `Atomics.wait` where the engine
 *   allows it (Node, workers), else by spinning (a browser's main thread).
 * @module
 */

import type { Pipe } from "./capture.js";

/** What the WASI layer needs from its session. */
export interface WasiHost {
  stdout: Pipe;
  stderr: Pipe;
  /** Whether the running call must stop (the guest polls it). */
  shouldStop(): boolean;
  /** The host functions' names. */
  names(): string[];
  /** Calls a host function with wire values; throws a string for `HostError`. */
  invoke(name: string, args: unknown[], kwargs: Array<[string, unknown]>): unknown;
}

/** Bytes the guest may write at once. */
const WRITE_PERMIT = 64n * 1024n;

const sleepCell = typeof SharedArrayBuffer === "function" ? new Int32Array(new SharedArrayBuffer(4)) : undefined;

/** Blocks the thread until `performance.now()` reaches `until` (ms). */
function sleepUntil(until: number): void {
  for (;;) {
    const left = until - performance.now();
    if (left <= 0) {
      return;
    }
    try {
      if (sleepCell) {
        Atomics.wait(sleepCell, 0, 0, left);
        continue;
      }
    } catch {
      // Atomics.wait is not allowed on a browser's main thread: spin below.
    }
    while (performance.now() < until) {
      // spin
    }
  }
}

class Pollable {
  constructor(readonly readyAt: number) {}
  ready(): boolean {
    return performance.now() >= this.readyAt;
  }
  block(): void {
    sleepUntil(this.readyAt);
  }
}

const closed = (): never => {
  throw { tag: "closed" };
};

class InputStream {
  read(): never {
    return closed();
  }
  blockingRead(): never {
    return closed();
  }
  subscribe(): Pollable {
    return new Pollable(0);
  }
}

class OutputStream {
  constructor(readonly sink: (bytes: Uint8Array) => void) {}
  checkWrite(): bigint {
    return WRITE_PERMIT;
  }
  write(bytes: Uint8Array): void {
    this.sink(bytes);
  }
  blockingWriteAndFlush(bytes: Uint8Array): void {
    this.sink(bytes);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return new Pollable(0);
  }
}

class IoError {
  toDebugString(): string {
    return "error";
  }
}

/** Never made: nothing is preopened, so no descriptor exists. */
class Descriptor {}
/** Never made. */
class DirectoryEntryStream {}

// wasi:http types, enough for the guest to build a request that `handle` then refuses.
class Fields {
  #entries: Array<[string, Uint8Array]> = [];
  append(name: string, value: Uint8Array): void {
    this.#entries.push([name, value]);
  }
  entries(): Array<[string, Uint8Array]> {
    return this.#entries.slice();
  }
}
class OutgoingBody {
  write(): OutputStream {
    return new OutputStream(() => {});
  }
  static finish(): void {}
}
class OutgoingRequest {
  constructor(readonly headers: Fields) {}
  setMethod(): void {}
  setScheme(): void {}
  setAuthority(): void {}
  setPathWithQuery(): void {}
  body(): OutgoingBody {
    return new OutgoingBody();
  }
}
class RequestOptions {
  setConnectTimeout(): void {}
  setFirstByteTimeout(): void {}
  setBetweenBytesTimeout(): void {}
}
/** Never made: every request is refused before a response could exist. */
class FutureIncomingResponse {}
class FutureTrailers {}
class IncomingBody {
  static finish(): void {}
}
class IncomingResponse {}

function randomBytes(len: bigint): Uint8Array {
  const out = new Uint8Array(Number(len));
  for (let at = 0; at < out.length; at += 65536) {
    crypto.getRandomValues(out.subarray(at, Math.min(out.length, at + 65536)));
  }
  return out;
}

const nanos = (ms: number): bigint => BigInt(Math.round(ms * 1e6));

/** The import object of one session's component (keys with and without the WASI version). */
export function wasiImports(host: WasiHost): Record<string, unknown> {
  const stdout = new OutputStream((bytes) => host.stdout.write(bytes));
  const stderr = new OutputStream((bytes) => host.stderr.write(bytes));
  const stdin = new InputStream();
  const imports: Record<string, unknown> = {
    "mpsandbox:sandbox/control": { shouldStop: () => host.shouldStop() },
    "mpsandbox:sandbox/host-functions": { names: () => host.names(), invoke: host.invoke },
    "wasi:cli/exit": {
      exit: () => {
        throw new Error("the guest called wasi:cli/exit");
      },
    },
    "wasi:cli/stdout": { getStdout: () => stdout },
    "wasi:cli/stderr": { getStderr: () => stderr },
    "wasi:cli/stdin": { getStdin: () => stdin },
    "wasi:cli/terminal-input": { TerminalInput: class TerminalInput {} },
    "wasi:cli/terminal-output": { TerminalOutput: class TerminalOutput {} },
    "wasi:cli/terminal-stdin": { getTerminalStdin: () => undefined },
    "wasi:cli/terminal-stdout": { getTerminalStdout: () => undefined },
    "wasi:cli/terminal-stderr": { getTerminalStderr: () => undefined },
    "wasi:clocks/monotonic-clock": {
      now: () => nanos(performance.now()),
      resolution: () => 1000n,
      subscribeDuration: (ns: bigint) => new Pollable(performance.now() + Number(ns) / 1e6),
      subscribeInstant: (ns: bigint) => new Pollable(Number(ns) / 1e6),
    },
    "wasi:clocks/wall-clock": {
      now: () => {
        const ms = Date.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 };
      },
      resolution: () => ({ seconds: 0n, nanoseconds: 1e6 }),
    },
    "wasi:filesystem/preopens": { getDirectories: () => [] },
    "wasi:filesystem/types": {
      Descriptor,
      DirectoryEntryStream,
      filesystemErrorCode: () => undefined,
    },
    "wasi:http/outgoing-handler": {
      handle: () => {
        throw { tag: "HTTP-request-denied" };
      },
    },
    "wasi:http/types": {
      Fields,
      FutureIncomingResponse,
      FutureTrailers,
      IncomingBody,
      IncomingResponse,
      OutgoingBody,
      OutgoingRequest,
      RequestOptions,
      httpErrorCode: () => undefined,
    },
    "wasi:io/error": { Error: IoError },
    "wasi:io/poll": {
      Pollable,
      poll: (list: Pollable[]) => {
        const soonest = Math.min(...list.map((p) => p.readyAt));
        sleepUntil(soonest);
        const ready: number[] = [];
        list.forEach((p, i) => p.ready() && ready.push(i));
        return new Uint32Array(ready);
      },
    },
    "wasi:io/streams": { InputStream, OutputStream },
    "wasi:random/random": {
      getRandomBytes: randomBytes,
      getRandomU64: () => new BigUint64Array(randomBytes(8n).buffer)[0],
    },
  };
  // jco's instantiation mode reads unversioned keys; its .d.ts names versioned ones.
  for (const key of Object.keys(imports)) {
    const version = key.startsWith("mpsandbox:") ? "0.1.0" : "0.2.12";
    imports[`${key}@${version}`] = imports[key];
  }
  return imports;
}
