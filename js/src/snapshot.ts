/**
 * Snapshots: a session's state, taken between calls, and its byte form (the same as the Rust
 * library's `Snapshot::to_bytes`, so files move between the CLI, Rust, Python and JS).
 *
 * ```text
 * magic        8 bytes   "MPSNAP\r\n"
 * version      u32       FORMAT_VERSION
 * component    32 bytes  SHA-256 of the component that took it
 * memory       u32       bytes of linear memory the state needs
 * regions      u32       number of regions
 * raw length   u64       bytes of the payload before compression
 * packed len   u64       bytes of the compressed payload that follow
 * payload      LZ4 block of, per region: address u32, length u32, the bytes
 * checksum     32 bytes  BLAKE3 of everything before it
 * ```
 * Integers are little-endian.
 * @module
 */

import { SnapshotError } from "./errors.js";
import { Lz4Error, compressBlock, decompressBlock } from "./lz4.js";

/** BLAKE3 (from `@noble/hashes`), or why it cannot be loaded (a browser without an import map for it). */
const blake3: ((bytes: Uint8Array) => Uint8Array) | Error = await import("@noble/hashes/blake3.js").then(
  (module) => (bytes: Uint8Array) => module.blake3(bytes),
  (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
);

function hash(bytes: Uint8Array): Uint8Array {
  if (blake3 instanceof Error) {
    throw new SnapshotError(
      "malformed",
      `the snapshot byte form needs the package @noble/hashes, which cannot be loaded here (${blake3.message}); ` +
        "in a browser, map it with an import map or bundle the package",
    );
  }
  return blake3(bytes);
}

/** The version of the byte form this package writes and reads. */
export const FORMAT_VERSION = 1;

const MAGIC = new TextEncoder().encode("MPSNAP\r\n");
const HEADER_LEN = 8 + 4 + 32 + 4 + 4 + 8 + 8;
const CHECKSUM_LEN = 32;
/** The most regions a guest hands out (guest-micropython/snapshot.c). */
const MAX_REGIONS = 512;
/** LZ4 expands at most about 255 times: a larger claim is a forgery. */
const MAX_EXPANSION = 255;

/** One stretch of the guest's linear memory. */
export interface SnapshotRegion {
  /** Where it starts, in bytes from the start of memory. */
  readonly address: number;
  /** Its contents. */
  readonly bytes: Uint8Array;
}

/**
 * A session's state, taken between calls by `Session.snapshot()`: everything Python can
 * observe (globals, functions, classes, imported modules, live objects, suspended generators,
 * the `random` state).
 *
 * Start sessions from it with `Sandbox.restore()`, `Session.fork()` or `Session.restore()`.
 * Capabilities are not part of it: the host functions, timeout, output and memory limits of
 * a restored session are those of the options that restore it, so a snapshot grants
 * nothing. It is immutable; `toBytes()`/`fromBytes()` carry it across processes and
 * machines (a snapshot restores only into the component build that took it).
 */
export class Snapshot {
  /** The settings of the session that took it: restoring with the same needs no rebinding. */
  readonly #origin: object | undefined;

  /**
   * Use `Session.snapshot()` or `Snapshot.fromBytes()`.
   * @param componentId the hex SHA-256 of the component that took it.
   * @param memory the size of linear memory the state needs, in bytes (whole 64 KiB pages).
   * @param regions the stretches of memory holding state, in increasing order of address, apart.
   * @param origin the settings of the session that took it (internal).
   */
  constructor(
    readonly componentId: string,
    readonly memory: number,
    readonly regions: readonly SnapshotRegion[],
    origin?: object,
  ) {
    this.#origin = origin;
  }

  /** The bytes of state it holds (before compression). */
  get stateBytes(): number {
    return this.regions.reduce((sum, region) => sum + region.bytes.length, 0);
  }

  /** Whether it was taken by a session with the settings `origin` (internal). */
  isFrom(origin: object): boolean {
    return this.#origin === origin;
  }

  /** The byte form: header, LZ4-compressed state, BLAKE3 checksum (the Rust library's). */
  toBytes(): Uint8Array {
    const rawLength = this.regions.reduce((sum, region) => sum + 8 + region.bytes.length, 0);
    const raw = new Uint8Array(rawLength);
    const rawView = new DataView(raw.buffer);
    let at = 0;
    for (const region of this.regions) {
      rawView.setUint32(at, region.address, true);
      rawView.setUint32(at + 4, region.bytes.length, true);
      raw.set(region.bytes, at + 8);
      at += 8 + region.bytes.length;
    }
    const packed = compressBlock(raw);
    const out = new Uint8Array(HEADER_LEN + packed.length + CHECKSUM_LEN);
    const view = new DataView(out.buffer);
    out.set(MAGIC, 0);
    view.setUint32(8, FORMAT_VERSION, true);
    out.set(componentBytes(this.componentId), 12);
    view.setUint32(44, this.memory, true);
    view.setUint32(48, this.regions.length, true);
    view.setBigUint64(52, BigInt(raw.length), true);
    view.setBigUint64(60, BigInt(packed.length), true);
    out.set(packed, HEADER_LEN);
    out.set(hash(out.subarray(0, HEADER_LEN + packed.length)), HEADER_LEN + packed.length);
    return out;
  }

  /**
   * Reads the byte form written by `toBytes()` (or by the Rust library, the CLI's `--save`,
   * the Python package). Whether it fits a sandbox's component is checked when it is restored.
   * @throws SnapshotError `malformed` (not a snapshot, truncated, inconsistent), `version`, `checksum`.
   */
  static fromBytes(bytes: Uint8Array): Snapshot {
    const malformed = (what: string) => new SnapshotError("malformed", `not a valid mpsandbox snapshot: ${what}`);
    if (!(bytes instanceof Uint8Array)) {
      throw malformed("it is not a Uint8Array");
    }
    if (bytes.length < MAGIC.length || MAGIC.some((byte, i) => bytes[i] !== byte)) {
      throw malformed("it does not start with the snapshot header");
    }
    if (bytes.length < 12) {
      throw malformed("it is truncated");
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(8, true);
    if (version !== FORMAT_VERSION) {
      throw new SnapshotError(
        "version",
        `snapshot format version ${version} is not supported (this library reads version ${FORMAT_VERSION})`,
      );
    }
    if (bytes.length < HEADER_LEN + CHECKSUM_LEN) {
      throw malformed("it is truncated");
    }
    const componentId = hex(bytes.subarray(12, 44));
    const memory = view.getUint32(44, true);
    const count = view.getUint32(48, true);
    const rawLength = view.getBigUint64(52, true);
    const packedLength = view.getBigUint64(60, true);
    if (packedLength !== BigInt(bytes.length - HEADER_LEN - CHECKSUM_LEN)) {
      throw malformed("it is truncated, or has bytes past its end");
    }
    const body = bytes.subarray(0, bytes.length - CHECKSUM_LEN);
    const checksum = bytes.subarray(bytes.length - CHECKSUM_LEN);
    const actual = hash(body);
    if (actual.some((byte, i) => checksum[i] !== byte)) {
      throw new SnapshotError("checksum", "the snapshot is damaged or was altered (checksum mismatch)");
    }
    if (count === 0 || count > MAX_REGIONS) {
      throw malformed("its number of regions is out of range");
    }
    if (
      rawLength > BigInt(memory) + 8n * BigInt(count) ||
      rawLength > packedLength * BigInt(MAX_EXPANSION) + 64n
    ) {
      throw malformed("its state is larger than its memory");
    }
    let raw: Uint8Array;
    try {
      raw = decompressBlock(bytes.subarray(HEADER_LEN, HEADER_LEN + Number(packedLength)), Number(rawLength));
    } catch (error) {
      if (error instanceof Lz4Error) {
        throw malformed(`its state does not decompress: ${error.message}`);
      }
      throw error;
    }
    return new Snapshot(componentId, memory, readRegions(raw, count, memory));
  }
}

/** The regions of a decompressed payload: in order, apart, non-empty, within `memory`. */
function readRegions(raw: Uint8Array, count: number, memory: number): SnapshotRegion[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const regions: SnapshotRegion[] = [];
  let at = 0;
  let lowest = 0;
  for (let i = 0; i < count; i++) {
    if (at + 8 > raw.length) {
      throw new SnapshotError("malformed", "not a valid mpsandbox snapshot: it is truncated");
    }
    const address = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    at += 8;
    if (length === 0 || address < lowest || address + length > memory) {
      throw new SnapshotError(
        "malformed",
        "not a valid mpsandbox snapshot: its regions overlap, or lie outside its memory",
      );
    }
    if (at + length > raw.length) {
      throw new SnapshotError("malformed", "not a valid mpsandbox snapshot: it is truncated");
    }
    lowest = address + length;
    regions.push({ address, bytes: raw.subarray(at, at + length) });
    at += length;
  }
  if (at !== raw.length) {
    throw new SnapshotError("malformed", "not a valid mpsandbox snapshot: its state has bytes past its last region");
  }
  return regions;
}

/** The 32 bytes of a hex SHA-256 (zeros where it is not hex, which no component id is). */
function componentBytes(id: string): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const byte = Number.parseInt(id.slice(2 * i, 2 * i + 2), 16);
    out[i] = /^[0-9a-fA-F]{2}$/.test(id.slice(2 * i, 2 * i + 2)) ? byte : 0;
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
