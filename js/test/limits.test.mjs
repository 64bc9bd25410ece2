import assert from "node:assert/strict";
import { test } from "node:test";
import { LimitError, RuntimeSupportError, Sandbox, SessionLostError } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

/** Code that catches every exception and carries on, wherever the interrupt lands. */
const SWALLOW = "def swallow():\n    try:\n        while True:\n            try:\n                while True:\n                    pass\n            except BaseException:\n                pass\n    except BaseException:\n        swallow()\nswallow()";

test("soft stop: a timeout raises KeyboardInterrupt; globals survive", async () => {
  const session = (await sandbox()).session({ timeout: 100 });
  session.exec("n = 0");
  assert.throws(
    () => session.exec("while True:\n    n += 1"),
    (e) => e instanceof LimitError && e.kind === "time" && e.limit === 100 && e.used >= 100 && e.exception.typeName === "KeyboardInterrupt",
  );
  assert.ok(session.exec("n").value > 0);
  assert.equal(session.exec("'alive'", { timeout: 1000 }).value, "alive");
});

test("soft stop interrupts time.sleep", async () => {
  const session = (await sandbox()).session();
  const started = performance.now();
  assert.throws(() => session.exec("import time\ntime.sleep(30)", { timeout: 100 }), LimitError);
  assert.ok(performance.now() - started < 10_000);
});

test("code that swallows the soft stop still ends in a LimitError (in-thread sessions have no hard stop)", async () => {
  const session = (await sandbox()).session({ timeout: 50 });
  assert.throws(
    () => session.exec("for i in range(3):\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass"),
    (e) => e instanceof LimitError && e.kind === "time",
  );
});

test("hard stop: a worker session whose code swallows the stop is terminated and says so", async () => {
  const session = await (await sandbox()).workerSession({ timeout: 100, grace: 200 });
  assert.equal((await session.exec("x = 41\nx + 1")).value, 42);
  await assert.rejects(
    session.exec(SWALLOW),
    (e) => e instanceof SessionLostError && /hard stop/.test(e.message) && /terminated/.test(e.message) && e.limit.kind === "time",
  );
  await assert.rejects(session.exec("x"), SessionLostError);
  assert.ok(session.lost);
});

test("a worker session soft-stops like an in-thread one and keeps its state", async () => {
  const session = await (await sandbox()).workerSession({ timeout: 100 });
  await session.exec("n = 0");
  await assert.rejects(session.exec("while True:\n    n += 1"), (e) => e instanceof LimitError && e.exception.typeName === "KeyboardInterrupt");
  assert.ok((await session.exec("n")).value > 0);
  session.terminate();
  await assert.rejects(session.exec("n"), SessionLostError);
});

test("worker sessions take host functions from a module", async () => {
  const hostModule = new URL("./host-module.mjs", import.meta.url);
  const session = await (await sandbox()).workerSession({ hostFunctions: hostModule });
  assert.equal((await session.exec("import host\nhost.double(21)")).value, 42);
  assert.deepEqual((await session.call("len", [[1, 2, 3]])).value, 3);
  session.terminate();
});

test("memory cap: allocation past it is a catchable MemoryError, and uncaught a LimitError", async () => {
  const small = await Sandbox.create({ memoryLimit: 32 * 1024 * 1024 });
  const session = small.session();
  const out = session.exec("try:\n    b = bytearray(64 * 1024 * 1024)\nexcept MemoryError:\n    print('refused')");
  assert.equal(out.stdout, "refused\n");
  assert.throws(() => session.exec("b = bytearray(64 * 1024 * 1024)"), (e) => e instanceof LimitError && e.kind === "memory" && e.limit === 32 * 1024 * 1024);
  assert.ok(session.exec("b = bytearray(1024 * 1024); len(b)").value === 1024 * 1024);
  assert.ok(out.usage.memoryBytes <= 32 * 1024 * 1024);
});

test("output is bounded per call and the result says it was cut", async () => {
  const chunks = [];
  const session = (await sandbox()).session({ maxOutput: 1000, onOutput: (stream, text) => chunks.push([stream, text]) });
  const out = session.exec("import sys\nfor i in range(1000):\n    print('x' * 99)\nsys.stderr.write('e')");
  assert.equal(out.stdout.length, 1000);
  assert.equal(out.stdoutTruncated, true);
  assert.equal(out.stderr, "e");
  assert.equal(out.stderrTruncated, false);
  assert.equal(chunks.filter(([s]) => s === "stdout").map(([, t]) => t).join(""), out.stdout);
  const next = session.exec("print('short')");
  assert.equal(next.stdout, "short\n");
  assert.equal(next.stdoutTruncated, false);
});

test("a memory cap below the guest's initial memory is refused when the sandbox is made", async () => {
  await assert.rejects(Sandbox.create({ memoryLimit: 64 * 1024 }), (e) => e instanceof RuntimeSupportError && /below the guest's initial memory/.test(e.message));
});
