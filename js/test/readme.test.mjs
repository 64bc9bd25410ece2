// The README's JavaScript example runs as shown: its code block, run as a module inside this
// package (so `import "mpsandbox"` resolves to it), prints the text block that follows it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";

test("the README's JavaScript example prints what the README says", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("\n## JavaScript\n"));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  const expected = section.slice(section.indexOf(code)).match(/```text\n([\s\S]*?)```/)[1];
  const file = new URL("./.readme-example.mjs", import.meta.url);
  writeFileSync(file, code);
  const printed = execFileSync(process.execPath, [file.pathname], { encoding: "utf8" });
  assert.equal(printed, expected);
});

test("js/README.md's snapshot example prints what it says", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("\n## Snapshots\n"));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  const expected = section.slice(section.indexOf(code)).match(/```text\n([\s\S]*?)```/)[1];
  const file = new URL("./.readme-snapshot.mjs", import.meta.url);
  writeFileSync(file, code);
  const printed = execFileSync(process.execPath, [file.pathname], { encoding: "utf8" });
  assert.equal(printed, expected);
});
