import assert from "node:assert/strict";
import { test } from "node:test";
import { Lz4Error, compressBlock, decompressBlock } from "../dist/lz4.js";

/** Deterministic bytes: runs, repeats with short and long periods, noise. */
function sample(size, seed) {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const mode = (i >> 10) % 4;
    out[i] = mode === 0 ? 0 : mode === 1 ? i % 3 : mode === 2 ? out[Math.max(0, i - 700)] ^ (x >>> 30) : x >>> 24;
  }
  return out;
}

test("LZ4 blocks round-trip at every size class, and zeros compress away", () => {
  for (const size of [0, 1, 4, 5, 12, 13, 17, 100, 4096, 65536 + 3, 300_000]) {
    const data = sample(size, size + 1);
    const packed = compressBlock(data);
    assert.deepEqual(decompressBlock(packed, size), data, `size ${size}`);
  }
  const zeros = new Uint8Array(1 << 20);
  const packed = compressBlock(zeros);
  assert.ok(packed.length < 5000, `${packed.length} bytes`);
  assert.deepEqual(decompressBlock(packed, zeros.length), zeros);
  // A view into a larger buffer compresses only its own bytes.
  const view = sample(5000, 9).subarray(1000, 3000);
  assert.deepEqual(decompressBlock(compressBlock(view), 2000), view);
});

test("LZ4 decoding refuses malformed blocks instead of guessing", () => {
  const data = sample(4096, 3);
  const packed = compressBlock(data);
  const refused = (block, size) => assert.throws(() => decompressBlock(block, size), Lz4Error);
  refused(new Uint8Array(0), 0);
  refused(packed.subarray(0, packed.length - 3), data.length);
  refused(packed, data.length - 1);
  refused(packed, data.length + 1);
  refused(Uint8Array.of(0x00, 0x00, 0x00), 8); // offset 0
  refused(Uint8Array.of(0x10, 0x61, 0x05, 0x00), 8); // offset before the start
  refused(Uint8Array.of(0xf0, 0xff, 0xff), 1000); // a literal length past the end
  // An overlapping match (offset 1) repeats its byte; a block ends with literals.
  assert.deepEqual(decompressBlock(Uint8Array.of(0x14, 0x61, 0x01, 0x00, 0x00), 9), new Uint8Array(9).fill(0x61));
  refused(Uint8Array.of(0x14, 0x61, 0x01, 0x00), 9);
});

test("LZ4 decoding stays right while the engine optimises it mid-loop (a large block, decoded repeatedly)", () => {
  // A block of long literal runs and long matches: the decoder's loop is hot enough for
  // on-stack replacement on the first call. An earlier decoder read lengths in a closure and
  // was decoded wrongly now and then by Node 26's optimiser.
  const data = sample(2_000_000, 77);
  for (let i = 0; i < data.length; i += 9973) {
    data.fill(i & 0xff, i, i + 700);
  }
  const packed = compressBlock(data);
  for (let round = 0; round < 10; round++) {
    const back = decompressBlock(packed, data.length);
    assert.equal(back.findIndex((x, j) => x !== data[j]), -1, `round ${round}`);
  }
});
