import assert from "node:assert/strict";
import { test } from "node:test";
import { PythonException, PythonSyntaxError, SystemExitError } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

test("a syntax error names its line; nothing runs; the session stays usable", async () => {
  const session = (await sandbox()).session();
  session.exec("x = 1");
  assert.throws(
    () => session.exec("x = 2\nif x\n  pass"),
    (e) => e instanceof PythonSyntaxError && e.typeName === "SyntaxError" && e.line === 2,
  );
  assert.equal(session.exec("x").value, 1);
});

test("an uncaught exception carries type, message, traceback and the output before it", async () => {
  const session = (await sandbox()).session();
  assert.throws(
    () => session.exec("print('before')\nraise ValueError('bad value')"),
    (e) => {
      assert.ok(e instanceof PythonException);
      assert.equal(e.typeName, "ValueError");
      assert.equal(e.pyMessage, "bad value");
      assert.match(e.traceback, /line 2/);
      assert.match(e.traceback, /ValueError: bad value$/m);
      assert.equal(e.output.stdout, "before\n");
      return true;
    },
  );
  assert.equal(session.exec("1 + 1").value, 2);
});

test("sys.exit reports its code and the session stays usable", async () => {
  const session = (await sandbox()).session();
  session.exec("kept = 'yes'");
  assert.throws(() => session.exec("import sys\nsys.exit(3)"), (e) => e instanceof SystemExitError && e.code === 3);
  assert.equal(session.exec("kept").value, "yes");
});

test("calling something that does not exist is a NameError", async () => {
  const session = (await sandbox()).session();
  assert.throws(() => session.call("missing"), (e) => e instanceof PythonException && e.typeName === "NameError");
});

test("recursion ends in RecursionError-like RuntimeError and the session survives", async () => {
  const session = (await sandbox()).session();
  assert.throws(
    () => session.exec("def r(n):\n    return r(n + 1)\nr(0)"),
    (e) => e instanceof PythonException && e.typeName === "RuntimeError" && /recursion/.test(e.pyMessage),
  );
  assert.equal(session.exec("2 * 21").value, 42);
});
