import assert from "node:assert/strict";
import { test } from "node:test";
import { PythonException } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

test("sessions share nothing: globals, modules, output", async () => {
  const sb = await sandbox();
  const a = sb.session();
  const b = sb.session();
  a.exec("secret = 'a'\nimport sys\nsys.path.append('leak')\nprint('from a')");
  assert.throws(() => b.exec("secret"), (e) => e instanceof PythonException && e.typeName === "NameError");
  assert.equal(b.exec("import sys\n'leak' in sys.path").value, false);
  assert.equal(a.exec("'leak' in sys.path").value, true);
  assert.equal(b.exec("print('from b')").stdout, "from b\n");
  assert.equal(a.exec("secret").value, "a");
});

test("a lost session does not affect the others", async () => {
  const sb = await sandbox();
  const healthy = sb.session();
  healthy.exec("x = 1");
  const doomed = sb.session();
  // Hashing a deeply nested tuple has no recursion check and exhausts the wasm stack.
  let lost;
  try {
    doomed.exec("t = ()\nfor i in range(200000):\n    t = (t,)\nhash(t)");
  } catch (e) {
    lost = e;
  }
  assert.equal(lost?.name, "SessionLostError", String(lost));
  assert.throws(() => doomed.exec("1"), (e) => e.name === "SessionLostError");
  assert.equal(healthy.exec("x + 1").value, 2);
  assert.equal(sb.session().exec("3").value, 3);
});

test("a session survives thousands of execs and explicit collections", async () => {
  const session = (await sandbox()).session();
  session.exec("import gc\nkeep = {'k': [1, 2, 3]}");
  let before;
  for (let i = 0; i < 3000; i++) {
    session.exec(`s = 'x' * ${i % 100}\nif ${i} % 100 == 0: gc.collect()`);
    if (i === 500) {
      before = session.exec("1").usage.memoryBytes;
    }
  }
  assert.deepEqual(session.exec("keep").value, new Map([["k", [1, 2, 3]]]));
  assert.equal(session.exec("1").usage.memoryBytes, before);
});
