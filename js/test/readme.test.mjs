// The READMEs' JavaScript examples run as shown: each code block, run as a module inside this
// package (so `import "mpsandbox"` resolves to it), prints the text block that follows it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";

/** Runs the first `js` block after `heading` in `readme` and checks what it prints. */
function checkExample(readme, heading, scratch) {
  const text = readFileSync(new URL(readme, import.meta.url), "utf8");
  const section = text.slice(text.indexOf(`\n${heading}\n`));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  const expected = section.slice(section.indexOf(code)).match(/```text\n([\s\S]*?)```/)[1];
  const file = new URL(scratch, import.meta.url);
  writeFileSync(file, code);
  const printed = execFileSync(process.execPath, [file.pathname], { encoding: "utf8" });
  assert.equal(printed, expected);
}

test("the README's JavaScript example prints what the README says", () => {
  checkExample("../../README.md", "## JavaScript", "./.readme-example.mjs");
});

test("js/README.md's snapshot example prints what it says", () => {
  checkExample("../README.md", "## Snapshots", "./.readme-snapshot.mjs");
});
