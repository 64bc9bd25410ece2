import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { blake3 } from "@noble/hashes/blake3.js";
import { FORMAT_VERSION, LimitError, MpsandboxError, Sandbox, SessionLostError, Snapshot, SnapshotError } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
/** State of every kind Python can hold between calls, and what observes it: shared with the
 * Rust tests (`tests/snapshot.rs`). */
const TORTURE_SETUP = fs.readFileSync(path.join(here, "../../tests/data/snapshot/torture_setup.py"), "utf8");
const TORTURE_CHECK = fs.readFileSync(path.join(here, "../../tests/data/snapshot/torture_check.py"), "utf8");
/** The CLI the Rust build left (xtask passes its path). */
const CLI = process.env.MPSANDBOX_CLI ?? path.join(here, "../../target/debug/mpsandbox");

function cli(args) {
  assert.ok(fs.existsSync(CLI), `the CLI is not built at ${CLI} (cargo xtask build)`);
  return execFileSync(CLI, args, { encoding: "utf8", env: { ...process.env, RUST_LIB_BACKTRACE: "0" } });
}

function tempFile(name) {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mpsandbox-js-snap-")), name);
}

async function torture() {
  const session = (await sandbox()).session();
  session.exec(TORTURE_SETUP);
  return session;
}

test("restore, fork and the byte form behave as the original (closures, generators, classes, random...)", async () => {
  const sb = await sandbox();
  const original = await torture();
  const snapshot = original.snapshot();
  const forked = original.fork();
  const restored = sb.restore(snapshot);
  const fromBytes = sb.restore(Snapshot.fromBytes(snapshot.toBytes()));
  const expected = original.exec(TORTURE_CHECK).stdout;
  assert.match(expected, /rex makes a sound \(woof\)/);
  for (const session of [forked, restored, fromBytes]) {
    assert.equal(session.exec(TORTURE_CHECK).stdout, expected);
  }
  // Each moves on by itself: a second round agrees too.
  const second = original.exec(TORTURE_CHECK).stdout;
  assert.notEqual(second, expected);
  assert.equal(forked.exec(TORTURE_CHECK).stdout, second);
});

test("forks diverge independently", async () => {
  const session = (await sandbox()).session();
  session.exec("items = []\nimport random");
  const a = session.fork();
  const b = session.fork();
  a.exec("items.append('a')");
  b.exec("items.append('b'); items.append('b')");
  assert.deepEqual(a.exec("items").value, ["a"]);
  assert.deepEqual(b.exec("items").value, ["b", "b"]);
  assert.deepEqual(session.exec("items").value, []);
  // Each fork draws its own random numbers from here on (the state was copied, then moved on).
  assert.notEqual(a.exec("random.random()").value, session.exec("random.random(); random.random()").value);
});

test("session.restore goes back to an earlier state, and revives a lost session", async () => {
  const session = (await sandbox()).session();
  session.exec("n = 1\ndef f(): return n * 10");
  const saved = session.snapshot();
  session.exec("n = 99\ndel f");
  session.restore(saved);
  assert.equal(session.exec("f()").value, 10);
  session.restore(saved);
  session.exec("n = 2");
  assert.equal(session.exec("f()").value, 20);
  assert.ok(saved.stateBytes > 0 && saved.memory % 65536 === 0);
  // A trap loses the session; restoring a snapshot makes it usable again.
  assert.throws(
    () => session.exec("x = []\nfor _ in range(300000):\n    x = [x]\ny = []\nfor _ in range(300000):\n    y = [y]\nx == y"),
    SessionLostError,
  );
  assert.throws(() => session.exec("n"), SessionLostError);
  session.restore(saved);
  assert.equal(session.lost, undefined);
  assert.equal(session.exec("f()").value, 10);
});

test("1,000 save/restore cycles keep state and memory flat", async () => {
  const session = (await sandbox()).session();
  session.exec("data = list(range(1000))\ncount = 0");
  const sizes = [];
  for (let i = 0; i < 1000; i++) {
    session.exec("count += 1; print(count)");
    const snapshot = session.snapshot();
    sizes.push([snapshot.memory, snapshot.stateBytes]);
    session.restore(snapshot);
  }
  assert.equal(session.exec("count").value, 1000);
  // The heap grows with garbage until the collector's threshold, then holds: no trend between
  // the second and the last third of the cycles (as the Rust library's test).
  const later = sizes.slice(333);
  const most = (part) => part.reduce((a, b) => [Math.max(a[0], b[0]), Math.max(a[1], b[1])], [0, 0]);
  const [middleMemory, middleState] = most(later.slice(0, later.length >> 1));
  const [lastMemory, lastState] = most(later.slice(later.length >> 1));
  assert.equal(lastMemory, middleMemory);
  assert.ok(lastState <= middleState + 4096, `${middleState} -> ${lastState}`);
});

test("capabilities come from the restoring options, never from the snapshot", async () => {
  const sb = await sandbox();
  const session = sb.session({ hostFunctions: { secret: () => "granted" } });
  assert.equal(session.exec("import host\nhost.secret()").value, "granted");
  const snapshot = session.snapshot();
  // Same options: the fork keeps the host function.
  assert.equal(session.fork().exec("host.secret()").value, "granted");
  // Other options: the saved grant is gone, the new one is there.
  const other = sb.restore(snapshot, { hostFunctions: { other: () => 7 } });
  assert.equal(other.exec("host.other()").value, 7);
  assert.throws(() => other.exec("host.secret()"), (e) => e.typeName === "AttributeError" || /secret/.test(e.message));
  const none = sb.restore(Snapshot.fromBytes(snapshot.toBytes()));
  assert.throws(() => none.exec("host.secret()"));
  // The restoring session's own time limit applies.
  const limited = sb.restore(snapshot, { timeout: 50 });
  assert.throws(() => limited.exec("while True: pass"), (e) => e instanceof LimitError && e.kind === "time");
});

test("memory caps apply on restore", async () => {
  const big = await Sandbox.create({ memoryLimit: 64 * 1024 * 1024 });
  const session = big.session();
  session.exec("data = bytearray(24 * 1024 * 1024)\ndata[-1] = 7");
  const snapshot = session.snapshot();
  assert.ok(snapshot.memory > 24 * 1024 * 1024);
  const small = await Sandbox.create({ memoryLimit: 16 * 1024 * 1024 });
  assert.throws(() => small.restore(snapshot), (e) => e instanceof LimitError && e.kind === "memory");
  assert.equal(big.restore(snapshot).exec("data[-1]").value, 7);
});

/** Re-signs `bytes` (the checksum of a forger, who can recompute it). */
function resign(bytes) {
  const out = Uint8Array.from(bytes);
  out.set(blake3(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

test("bad, truncated, tampered and foreign files are refused with typed errors", async () => {
  const sb = await sandbox();
  const bytes = (await torture()).snapshot().toBytes();
  const kind = (k) => (e) => e instanceof SnapshotError && e.kind === k && e.message.length > 10;
  for (const cut of [0, 5, 8, 11, 20, 76, bytes.length - 1]) {
    assert.throws(() => Snapshot.fromBytes(bytes.subarray(0, cut)), kind("malformed"), `cut at ${cut}`);
  }
  assert.throws(() => Snapshot.fromBytes(new TextEncoder().encode("n = 1\n".repeat(30))), kind("malformed"));
  assert.throws(() => Snapshot.fromBytes("MPSNAP"), kind("malformed"));
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes);
  assert.throws(() => Snapshot.fromBytes(longer), kind("malformed"));
  for (const at of [50, 80, Math.floor(bytes.length / 2), bytes.length - 1]) {
    const flipped = Uint8Array.from(bytes);
    flipped[at] ^= 1;
    assert.throws(() => Snapshot.fromBytes(flipped), kind("checksum"), `flip at ${at}`);
  }
  const version = Uint8Array.from(bytes);
  version[8] = 9;
  assert.throws(() => Snapshot.fromBytes(version), (e) => kind("version")(e) && /version 9/.test(e.message));
  assert.equal(FORMAT_VERSION, 1);

  // Another build of the component: read, but refused at restore.
  const foreign = Uint8Array.from(bytes);
  foreign[12] ^= 0xff;
  const foreignSnapshot = Snapshot.fromBytes(resign(foreign));
  assert.throws(() => sb.restore(foreignSnapshot), (e) => kind("other-component")(e) && /another component/.test(e.message));

  // Forged, re-signed files: a payload that does not decompress, a size claim out of
  // proportion, regions outside memory.
  const garbage = Uint8Array.from(bytes);
  garbage.fill(0xff, 76, bytes.length - 32);
  assert.throws(() => Snapshot.fromBytes(resign(garbage)), kind("malformed"));
  const claim = Uint8Array.from(bytes);
  new DataView(claim.buffer).setBigUint64(52, 3n << 30n, true);
  assert.throws(() => Snapshot.fromBytes(resign(claim)), kind("malformed"));
  const tiny = Uint8Array.from(bytes);
  new DataView(tiny.buffer).setUint32(44, 65536, true);
  assert.throws(() => Snapshot.fromBytes(resign(tiny)), kind("malformed"));
});

test("a state whose layout does not fit this build is rejected by the guest; nothing is harmed", async () => {
  const sb = await sandbox();
  const good = (await torture()).snapshot();
  const id = good.componentId;
  // A region over the rodata (below the guest's data), valid in the file's own terms.
  const low = new Snapshot(id, good.memory, [{ address: 16, bytes: new Uint8Array(64).fill(1) }]);
  assert.throws(() => sb.restore(Snapshot.fromBytes(low.toBytes())), (e) => e instanceof SnapshotError && e.kind === "rejected");
  const session = sb.session();
  session.exec("x = 5");
  assert.throws(() => session.restore(low), (e) => e instanceof SnapshotError && e.kind === "rejected");
  assert.equal(session.exec("x").value, 5, "a failed restore leaves the session as it was");
  assert.equal(session.lost, undefined);
  // Random state at the right places: a guest that misbehaves inside its sandbox, at worst.
  const noisy = new Snapshot(
    id,
    good.memory,
    good.regions.map((r) => ({ address: r.address, bytes: r.bytes.map((b, i) => (i % 7 === 3 ? b ^ 0x5a : b)) })),
  );
  let outcome;
  try {
    outcome = sb.restore(noisy).exec("1 + 1").value;
  } catch (error) {
    outcome = error;
  }
  assert.ok(outcome === 2 || outcome instanceof MpsandboxError, String(outcome));
  assert.equal(sb.session().exec("1 + 1").value, 2);
});

test("a file written by the Rust CLI loads in JS, and one written by JS loads in the CLI", async () => {
  const fromCli = tempFile("cli.snap");
  cli(["--save", fromCli, "-c", "n = 1\ndef f(x):\n    return x * n\nclass K:\n    v = 'k'"]);
  const session = (await sandbox()).restore(Snapshot.fromBytes(fs.readFileSync(fromCli)));
  assert.equal(session.exec("n += 1\nf(10)").value, 20);
  assert.equal(session.exec("K.v").value, "k");
  const fromJs = tempFile("js.snap");
  fs.writeFileSync(fromJs, session.snapshot().toBytes());
  assert.equal(cli(["--load", fromJs, "--save", fromJs, "-c", "n += 1\nprint(n, f(3), K.v)"]), "3 9 k\n");
  // And back: the CLI's file of the JS state, moved on.
  const back = (await sandbox()).restore(Snapshot.fromBytes(fs.readFileSync(fromJs)));
  assert.equal(back.exec("n").value, 3);
});

test("the torture program survives a trip through the CLI", async () => {
  const file = tempFile("torture.snap");
  const original = await torture();
  fs.writeFileSync(file, original.snapshot().toBytes());
  const expected = original.exec(TORTURE_CHECK).stdout;
  assert.equal(cli(["--load", file, "-c", TORTURE_CHECK]), expected);
});

test("worker sessions: snapshot, fork, restore, and a worker session from a snapshot", async () => {
  const sb = await sandbox();
  const session = await sb.workerSession({ timeout: 5000 });
  try {
    await session.exec(TORTURE_SETUP);
    const snapshot = await session.snapshot();
    assert.ok(snapshot instanceof Snapshot && snapshot.componentId === sb.componentId);
    const fork = await session.fork();
    const inThread = sb.restore(snapshot);
    const inWorker = await sb.restoreWorker(Snapshot.fromBytes(snapshot.toBytes()));
    const expected = (await session.exec(TORTURE_CHECK)).stdout;
    assert.equal((await fork.exec(TORTURE_CHECK)).stdout, expected);
    assert.equal(inThread.exec(TORTURE_CHECK).stdout, expected);
    assert.equal((await inWorker.exec(TORTURE_CHECK)).stdout, expected);
    await session.restore(snapshot);
    assert.equal((await session.exec(TORTURE_CHECK)).stdout, expected);
    // A state from an in-thread session goes into a worker session, and errors keep their type.
    const local = sb.session();
    local.exec("where = 'thread'");
    await session.restore(local.snapshot());
    assert.equal((await session.exec("where")).value, "thread");
    const low = new Snapshot(sb.componentId, snapshot.memory, [{ address: 16, bytes: new Uint8Array(8) }]);
    await assert.rejects(session.restore(low), (e) => e instanceof SnapshotError && e.kind === "rejected");
    await assert.rejects(sb.restoreWorker(low), (e) => e instanceof SnapshotError && e.kind === "rejected");
    assert.equal((await session.exec("where")).value, "thread");
    fork.terminate();
    inWorker.terminate();
  } finally {
    session.terminate();
  }
});

test("templates: setup runs once; sessions start from its state", async () => {
  const sb = await sandbox();
  let calls = 0;
  const template = sb.template("import random, json\nimport host\nconfig = json.loads('{\"n\": 3}')\ndef helper(x):\n    return x * config['n']\nhost.count()", {
    hostFunctions: { count: () => ++calls },
    timeout: 2000,
  });
  assert.equal(calls, 1);
  const a = template.session();
  const b = template.session();
  assert.equal(calls, 1, "the setup does not run again");
  assert.equal(a.exec("helper(5)").value, 15);
  a.exec("config['n'] = 100");
  assert.equal(b.exec("helper(5)").value, 15, "sessions of a template are independent");
  assert.equal(b.exec("host.count()").value, 2, "the template's host functions are bound");
  assert.throws(() => sb.template("1/0"), (e) => e.typeName === "ZeroDivisionError");
  assert.equal(template.snapshot.componentId, sb.componentId);
});

// Sessions of a template share its state, not its random sequence: the restore reseeds.
test("sessions of a template draw different random numbers", async () => {
  const template = (await sandbox()).template("import random");
  const draws = [1, 2, 3].map(() => template.session().exec("random.getrandbits(30)").value);
  assert.equal(new Set(draws).size, 3, `reseeded: ${draws}`);
});

// A state saved with the heap's top cut (after `gc.collect()`, as a template's setup state
// is) restores into a session that snapshots again and again, and forks.
test("a restored session whose state was collected snapshots again (forks of template sessions)", async () => {
  const sb = await sandbox();
  const session = sb.session();
  session.exec("import random, gc\ngc.collect()");
  const restored = sb.restore(session.snapshot());
  restored.snapshot();
  restored.snapshot();
  const a = sb.template("import random").session();
  const fork = a.fork();
  assert.equal(fork.exec("random.getrandbits(30)").value, a.exec("random.getrandbits(30)").value);
});
