import assert from "node:assert/strict";
import { test } from "node:test";
import { PythonException } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

test("host functions are called with positional and keyword arguments, as host.NAME", async () => {
  const seen = [];
  const session = (await sandbox()).session({
    hostFunctions: {
      add: (args, kwargs) => {
        seen.push([args, kwargs]);
        return args.reduce((a, b) => a + b, 0) * (kwargs.scale ?? 1);
      },
      lookup: ([key]) => new Map([[key, { found: true }]]),
      nothing: () => undefined,
    },
  });
  assert.equal(session.exec("import host\nhost.add(1, 2, 3, scale=7)").value, 42);
  assert.deepEqual(seen, [[[1, 2, 3], { scale: 7 }]]);
  assert.deepEqual(session.exec("host.lookup('k')").value, new Map([["k", new Map([["found", true]])]]));
  assert.equal(session.exec("host.nothing()").value, null);
  assert.deepEqual(session.exec("sorted(host.names())").value, ["add", "lookup", "nothing"]);
});

test("a throwing host function raises a catchable host.HostError with its message", async () => {
  const session = (await sandbox()).session({
    hostFunctions: {
      fail: () => {
        throw new Error("the database is down");
      },
    },
  });
  const out = session.exec("import host\ntry:\n    host.fail()\nexcept host.HostError as e:\n    print('caught:', e)");
  assert.equal(out.stdout, "caught: the database is down\n");
  assert.throws(() => session.exec("host.fail()"), (e) => e instanceof PythonException && e.typeName === "HostError" && e.pyMessage === "the database is down");
});

test("a host function returning a value without a Python form is a HostError, not a crash", async () => {
  const session = (await sandbox()).session({ hostFunctions: { bad: () => () => 1 } });
  assert.throws(() => session.exec("import host\nhost.bad()"), (e) => e.typeName === "HostError" && /no Python form/.test(e.pyMessage));
  assert.equal(session.exec("1").value, 1);
});

test("a host function cannot re-enter its own session", async () => {
  let session;
  session = (await sandbox()).session({ hostFunctions: { again: () => session.exec("1").value } });
  assert.throws(() => session.exec("import host\nhost.again()"), (e) => e.typeName === "HostError" && /already running/.test(e.pyMessage));
});

test("Python without host functions sees none", async () => {
  const session = (await sandbox()).session();
  assert.deepEqual(session.exec("import host\nhost.names()").value, []);
  assert.throws(() => session.exec("host.anything()"), PythonException);
});
