/**
 * Loading the component's core modules (from files in Node, by `fetch` elsewhere) and
 * compiling them, with the memory cap written into the guest's memory type.
 * @module
 */

import { RuntimeSupportError, formatBytes } from "./errors.js";

/** The core modules of the transpiled component, in the order jco names them. */
export const CORE_MODULES = [
  "mpsandbox.core.wasm",
  "mpsandbox.core2.wasm",
  "mpsandbox.core3.wasm",
  "mpsandbox.core4.wasm",
] as const;

/** The module that defines the guest's linear memory (MicroPython itself). */
const MEMORY_MODULE = "mpsandbox.core.wasm";

/** Compiled core modules by file name. */
export type CompiledModules = Record<string, WebAssembly.Module>;

const WASM_PAGE = 65536;

async function readBytes(url: URL): Promise<Uint8Array> {
  if (url.protocol === "file:") {
    const fs = await import("node:fs/promises");
    return new Uint8Array(await fs.readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new RuntimeSupportError(`cannot load ${url.href}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The file next to the core modules holding the component's hex SHA-256 (written by the build). */
export const COMPONENT_ID_FILE = "mpsandbox.sha256";

/** The component's id (its hex SHA-256, as the Rust library computes it) from `base`. */
export async function loadComponentId(base: URL): Promise<string> {
  const text = new TextDecoder().decode(await readBytes(new URL(COMPONENT_ID_FILE, base))).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new RuntimeSupportError(`${COMPONENT_ID_FILE} does not hold a SHA-256`);
  }
  return text;
}

/** Loads and compiles the core modules found under `base`, capping linear memory at `memoryLimit` bytes. */
export async function compileModules(base: URL, memoryLimit: number): Promise<CompiledModules> {
  const modules: CompiledModules = {};
  await Promise.all(
    CORE_MODULES.map(async (name) => {
      let bytes = await readBytes(new URL(name, base));
      if (name === MEMORY_MODULE) {
        bytes = capMemory(bytes, memoryLimit);
      }
      try {
        modules[name] = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      } catch (error) {
        throw new RuntimeSupportError(
          `this JavaScript engine cannot compile the sandbox (${String(error)}); it needs ` +
            "WebAssembly exception handling with exnref (Node 22.23+, 24, 26; Chromium 148)",
        );
      }
    }),
  );
  return modules;
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) {
      throw new RuntimeSupportError("truncated wasm module");
    }
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) {
      return [value, at];
    }
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (value > 0);
  return out;
}

/**
 * Rewrites the module's memory section so that its one 32-bit memory has a maximum of
 * `limit` bytes (rounded down to whole 64 KiB pages): `memory.grow` past it fails, which the
 * guest's allocator turns into a Python `MemoryError`.
 */
export function capMemory(module: Uint8Array, limit: number): Uint8Array {
  const pages = Math.floor(limit / WASM_PAGE);
  let at = 8;
  while (at < module.length) {
    const id = module[at]!;
    const [size, body] = readLeb(module, at + 1);
    const end = body + size;
    if (id === 5) {
      const [count, first] = readLeb(module, body);
      const flags = module[first];
      if (count !== 1 || (flags !== 0 && flags !== 1)) {
        throw new RuntimeSupportError("unexpected memory section in the guest module");
      }
      const [min, afterMin] = readLeb(module, first + 1);
      let max = Infinity;
      if (flags === 1) {
        max = readLeb(module, afterMin)[0];
      }
      if (pages < min) {
        throw new RuntimeSupportError(
          `memory limit of ${formatBytes(limit)} is below the guest's initial memory of ${formatBytes(min * WASM_PAGE)}`,
        );
      }
      const content = [...leb(1), 1, ...leb(min), ...leb(Math.min(max, pages))];
      const section = [5, ...leb(content.length), ...content];
      const out = new Uint8Array(module.length - (end - at) + section.length);
      out.set(module.subarray(0, at));
      out.set(section, at);
      out.set(module.subarray(end), at + section.length);
      return out;
    }
    at = end;
  }
  throw new RuntimeSupportError("the guest module defines no memory");
}
