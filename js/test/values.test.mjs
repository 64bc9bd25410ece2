import assert from "node:assert/strict";
import { test } from "node:test";
import { Float, InvalidValueError, Tuple } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

test("values from Python become natural JavaScript", async () => {
  const session = (await sandbox()).session();
  const { value, repr } = session.exec(
    "[None, True, 7, -2**63, 2**70, 1.5, 'é', b'\\x00\\xff', (1, 'a'), {'k': [1]}, {(1, 2): 3}]",
  );
  assert.equal(repr, "[None, True, 7, -9223372036854775808, 1180591620717411303424, 1.5, 'é', b'\\x00\\xff', (1, 'a'), {'k': [1]}, {(1, 2): 3}]");
  const [none, bool, small, min64, big, float, str, bytes, tuple, dict, tupleKeyed] = value;
  assert.equal(none, null);
  assert.equal(bool, true);
  assert.equal(small, 7);
  assert.equal(min64, -(2n ** 63n));
  assert.equal(big, 2n ** 70n);
  assert.equal(float, 1.5);
  assert.equal(str, "é");
  assert.deepEqual(bytes, new Uint8Array([0, 255]));
  assert.ok(tuple instanceof Tuple);
  assert.deepEqual([...tuple], [1, "a"]);
  assert.ok(dict instanceof Map);
  assert.deepEqual(dict.get("k"), [1]);
  const [[key, item]] = [...tupleKeyed];
  assert.ok(key instanceof Tuple);
  assert.deepEqual([...key, item], [1, 2, 3]);
});

test("2**53 and beyond stays exact as a BigInt; smaller ints are numbers", async () => {
  const session = (await sandbox()).session();
  assert.equal(session.exec("2**53 - 1").value, 2 ** 53 - 1);
  assert.equal(session.exec("2**53").value, 2n ** 53n);
  assert.equal(session.exec("-(2**53) + 1").value, -(2 ** 53) + 1);
});

test("JavaScript values cross into Python with the types they name", async () => {
  const session = (await sandbox()).session();
  session.exec("def kinds(*args, **kwargs):\n    return [type(a).__name__ for a in args] + sorted(kwargs)");
  const { value } = session.call(
    "kinds",
    [null, undefined, false, 3, 3.5, new Float(2), 2n ** 100n, "s", new Uint8Array([1]), [1], Tuple.of(1), new Map([[1, 2]]), { a: 1 }],
    { z: 1, y: 2 },
  );
  assert.deepEqual(value, ["NoneType", "NoneType", "bool", "int", "float", "float", "int", "str", "bytes", "list", "tuple", "dict", "dict", "y", "z"]);
  session.exec("def echo(x):\n    return x");
  const nested = { list: [1, [2, Tuple.of(3, "x")]], bytes: new Uint8Array([9]), big: -(2n ** 80n) };
  const back = session.call("echo", [nested]).value;
  assert.deepEqual(back.get("list"), [1, [2, Tuple.of(3, "x")]]);
  assert.deepEqual(back.get("bytes"), new Uint8Array([9]));
  assert.equal(back.get("big"), -(2n ** 80n));
  assert.equal(session.call("echo", [new Float(2)]).repr, undefined);
  assert.equal(session.exec("echo(2.0) == 2.0 and type(echo(2.0)) is float").value, true);
});

test("values without a Python form are refused with a clear error, nothing runs", async () => {
  const session = (await sandbox()).session();
  session.exec("calls = 0\ndef f(x):\n    global calls\n    calls += 1");
  for (const bad of [() => 1, Symbol("s"), new Date(), new (class Thing {})()]) {
    assert.throws(() => session.call("f", [bad]), InvalidValueError);
  }
  const cyclic = [];
  cyclic.push(cyclic);
  assert.throws(() => session.call("f", [cyclic]), /cyclic/);
  assert.equal(session.exec("calls").value, 0);
});

test("a result without a value form is a TypeError from Python; repr still describes it", async () => {
  const session = (await sandbox()).session();
  const out = session.exec("def g():\n    return g\ng");
  assert.equal(out.value, undefined);
  assert.match(out.repr, /^<function g/);
  assert.throws(() => session.call("g"), (e) => e.name === "PythonException" && e.typeName === "TypeError");
});
