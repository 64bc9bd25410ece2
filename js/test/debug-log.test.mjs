import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

// The bindings read JCO_DEBUG once, when they load (`cargo xtask js` rewrites jco's
// `_debugLog`, which asked the environment at each of its calls): the switch still works.
const script = `
  const { Sandbox } = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)});
  const session = (await Sandbox.create()).session();
  console.log("value", session.exec("1 + 1").value);
`;

function run(env) {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, JCO_DEBUG: "", ...env },
    encoding: "utf8",
  });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout + child.stderr;
}

test("jco's debug log is off without JCO_DEBUG and on with it", () => {
  assert.equal(run({}), "value 2\n");
  const logged = run({ JCO_DEBUG: "1" });
  assert.match(logged, /value 2\n/);
  assert.match(logged, /\[Instruction::CallInterface\]/);
});
