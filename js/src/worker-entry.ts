/**
 * The worker side of a `WorkerSession`: one in-thread `Session`, driven by messages.
 * Runs as a Node `worker_threads` worker or a browser module worker.
 * @module
 */

import { errorToData, type FromWorker, type ToWorker } from "./protocol.js";
import { Sandbox } from "./sandbox.js";
import type { HostFunction, Session } from "./session.js";
import { Snapshot } from "./snapshot.js";

interface Port {
  post(message: FromWorker): void;
  listen(handler: (message: ToWorker) => void): void;
}

async function parentPort(): Promise<Port> {
  const isNode = typeof process === "object" && typeof process.versions?.node === "string";
  if (isNode) {
    const { parentPort: port } = await import("node:worker_threads");
    return {
      post: (message) => port!.postMessage(message),
      listen: (handler) => port!.on("message", handler),
    };
  }
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: "message", handler: (event: { data: ToWorker }) => void): void;
  };
  return {
    post: (message) => scope.postMessage(message),
    listen: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
  };
}

async function hostFunctions(specifier: string | undefined): Promise<Record<string, HostFunction>> {
  if (!specifier) {
    return {};
  }
  const module = (await import(specifier)) as Record<string, unknown>;
  const functions: Record<string, HostFunction> = {};
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function") {
      functions[name] = value as HostFunction;
    }
  }
  return functions;
}

const port = await parentPort();
let session: Session | undefined;

port.listen((message) => {
  void handle(message);
});
port.post({ type: "started" });

async function handle(message: ToWorker): Promise<void> {
  if (message.type === "init") {
    try {
      const sandbox = Sandbox.fromModules(message.modules, message.memoryLimit, message.componentId);
      const options = {
        timeout: message.timeout,
        maxOutput: message.maxOutput,
        hostFunctions: await hostFunctions(message.hostModule),
        onOutput: message.streamOutput
          ? (stream: "stdout" | "stderr", text: string) => port.post({ type: "output", stream, text })
          : undefined,
      };
      const from = message.snapshot;
      session = from
        ? sandbox.restore(new Snapshot(from.componentId, from.memory, from.regions), options)
        : sandbox.session(options);
      port.post({ type: "ready" });
    } catch (error) {
      port.post({ type: "failed", error: errorToData(error) });
    }
    return;
  }
  try {
    if (message.type === "snapshot") {
      const { componentId, memory, regions } = session!.snapshot();
      port.post({ type: "snapshot", id: message.id, snapshot: { componentId, memory, regions: [...regions] } });
      return;
    }
    if (message.type === "restore") {
      const from = message.snapshot;
      session!.restore(new Snapshot(from.componentId, from.memory, from.regions));
      port.post({ type: "restored", id: message.id });
      return;
    }
    const options = { timeout: message.timeout };
    const result =
      message.type === "exec"
        ? session!.execWire(message.code, options)
        : session!.callWire(message.name, message.args, message.kwargs, options);
    port.post({ type: "done", id: message.id, result });
  } catch (error) {
    port.post({ type: "error", id: message.id, error: errorToData(error) });
  }
}
