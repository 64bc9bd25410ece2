/**
 * The LZ4 *block* format (no frame), as the Rust library's `lz4_flex::block` reads and writes
 * it: the compression of a snapshot's byte form.
 *
 * Written here rather than taken from npm: the registry's LZ4 packages are native (Node
 * only), WebAssembly needing a bundler, or CommonJS without bounds checks on decoding
 * (`lz4js`), while this package runs unbundled in browsers and decodes untrusted files.
 * The decoder checks every length and offset and fails with {@link Lz4Error}.
 * @module
 */

/** A block that does not decode: truncated, an offset before the start, or the wrong size. */
export class Lz4Error extends Error {}

const MIN_MATCH = 4;
/** The last 5 bytes of a block are literals. */
const LAST_LITERALS = 5;
/** A match starts at least 12 bytes before the end. */
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;
const HASH_LOG = 16;

/** Compresses `src` into one LZ4 block (greedy matching on a hash of 4 bytes). */
export function compressBlock(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n + Math.ceil(n / 255) + 16);
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const table = new Int32Array(1 << HASH_LOG).fill(-1);
  let o = 0;
  let anchor = 0;
  let i = 0;
  const matchLimit = n - MF_LIMIT;
  const matchEnd = n - LAST_LITERALS;
  while (i < matchLimit) {
    const sequence = view.getUint32(i, true);
    const hash = Math.imul(sequence, 2654435761) >>> (32 - HASH_LOG);
    const candidate = table[hash]!;
    table[hash] = i;
    if (candidate < 0 || i - candidate > MAX_OFFSET || view.getUint32(candidate, true) !== sequence) {
      i += 1;
      continue;
    }
    let length = MIN_MATCH;
    while (i + length < matchEnd && src[candidate + length] === src[i + length]) {
      length += 1;
    }
    o = writeSequence(out, o, src, anchor, i - anchor, i - candidate, length);
    i += length;
    anchor = i;
  }
  o = writeSequence(out, o, src, anchor, n - anchor, 0, 0);
  return out.slice(0, o);
}

function writeLength(out: Uint8Array, o: number, rest: number): number {
  for (; rest >= 255; rest -= 255) {
    out[o++] = 255;
  }
  out[o++] = rest;
  return o;
}

/** One sequence: literals, then (unless `matchLength` is 0: the last one) a match. */
function writeSequence(
  out: Uint8Array,
  o: number,
  src: Uint8Array,
  from: number,
  literals: number,
  offset: number,
  matchLength: number,
): number {
  const tokenAt = o++;
  const extra = matchLength === 0 ? 0 : matchLength - MIN_MATCH;
  out[tokenAt] = (Math.min(literals, 15) << 4) | Math.min(extra, 15);
  if (literals >= 15) {
    o = writeLength(out, o, literals - 15);
  }
  out.set(src.subarray(from, from + literals), o);
  o += literals;
  if (matchLength === 0) {
    return o;
  }
  out[o++] = offset & 0xff;
  out[o++] = offset >>> 8;
  if (extra >= 15) {
    o = writeLength(out, o, extra - 15);
  }
  return o;
}

/** Adds the extension bytes at `at` to `length` (255 each, until a smaller one); returns it and the position after them. */
function readLength(src: Uint8Array, at: number, length: number): [number, number] {
  let byte = 255;
  while (byte === 255) {
    if (at >= src.length) {
      throw new Lz4Error("the block is truncated");
    }
    byte = src[at]!;
    at += 1;
    length += byte;
  }
  return [length, at];
}

/** Decodes one LZ4 block that must expand to exactly `size` bytes. */
export function decompressBlock(src: Uint8Array, size: number): Uint8Array {
  // Plain locals, no closure: an earlier form read lengths in a closure that advanced the
  // captured input position, and Node 26's optimizing compiler, entering mid-loop (on-stack
  // replacement), now and then decoded such a block wrongly.
  const out = new Uint8Array(size);
  const n = src.length;
  let i = 0;
  let o = 0;
  for (;;) {
    if (i >= n) {
      throw new Lz4Error("the block is truncated");
    }
    const token = src[i]!;
    i += 1;
    let literals = token >>> 4;
    if (literals === 15) {
      [literals, i] = readLength(src, i, literals);
    }
    if (i + literals > n || o + literals > size) {
      throw new Lz4Error("a literal run goes past the end");
    }
    out.set(src.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    if (i === n) {
      break;
    }
    if (i + 2 > n) {
      throw new Lz4Error("the block is truncated");
    }
    const offset = src[i]! | (src[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > o) {
      throw new Lz4Error("a match refers to bytes before the start");
    }
    let length = token & 15;
    if (length === 15) {
      [length, i] = readLength(src, i, length);
    }
    length += MIN_MATCH;
    if (o + length > size) {
      throw new Lz4Error("a match goes past the end");
    }
    // The source may overlap the destination (a repeating pattern of period `offset`): copy
    // whole periods, doubling each time.
    const start = o - offset;
    const end = o + length;
    while (o < end) {
      const chunk = Math.min(end - o, o - start);
      out.copyWithin(o, start, start + chunk);
      o += chunk;
    }
  }
  if (o !== size) {
    throw new Lz4Error(`the block holds ${o} bytes, not ${size}`);
  }
  return out;
}
