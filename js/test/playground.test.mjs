// Drives the playground in Debian's headless Chromium through playwright-core: types code,
// runs it, reads the output, resets the session, and keeps a screenshot.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const url = process.env.MPSANDBOX_PLAYGROUND_URL;
const executablePath = process.env.MPSANDBOX_CHROMIUM;
const artifacts = process.env.MPSANDBOX_ARTIFACTS ?? "test-artifacts";
const skip = !url || !executablePath ? "run by `cargo xtask test` (needs the served playground and chromium)" : false;

/** Code that catches every exception and carries on, wherever the interrupt lands. */
const SWALLOW = "def swallow():\n    try:\n        while True:\n            try:\n                while True:\n                    pass\n            except BaseException:\n                pass\n    except BaseException:\n        swallow()\nswallow()";

let browser;
let page;
const errors = [];

before(async () => {
  if (skip) {
    return;
  }
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  page.on("pageerror", (error) => errors.push(String(error)));
  // Generous timeouts: CI machines can be busy, and the page compiles the sandbox first.
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await page.waitForSelector("#run:not([disabled])", { timeout: 120_000 });
});

after(async () => {
  await browser?.close();
});

async function run(code) {
  await page.fill("#code", "");
  await page.type("#code", code);
  await page.click("#run");
  await page.waitForSelector("#run:not([disabled])");
  return page.textContent("#output");
}

test("the playground runs Python, keeps state, shows errors, and resets", { skip }, async () => {
  assert.match(await page.textContent("#limits"), /2000 ms per run/);
  assert.equal(await run("x = 6 * 7\nprint('hi', x)"), "hi 42\n");
  assert.equal(await run("import host\nhost.greet('browser')"), "'Hello, browser!'\n");
  assert.equal(await run("x + 1"), "43\n");
  assert.match(await run("1/0"), /ZeroDivisionError: divide by zero/);
  assert.match(await run("while True: pass"), /time limit of 2000 ms exceeded/);
  assert.equal(await run("x"), "42\n");
  // Code that swallows the soft stop is hard-stopped: the worker is terminated, a new session starts.
  const lost = await run(SWALLOW);
  assert.match(lost, /the session is lost: hard stop/);
  assert.match(await run("x"), /NameError/);
  await run("x = 42");
  await page.click("#reset");
  await page.waitForFunction(() => document.getElementById("status").textContent === "new session");
  assert.match(await run("x"), /NameError/);
  assert.equal(await run("print(sum(range(10)))"), "45\n");
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("snapshots in the browser: fork, restore, the byte form, and worker sessions", { skip }, async () => {
  const result = await page.evaluate(async () => {
    const { Sandbox, Snapshot, SnapshotError } = await import("./mpsandbox/index.js");
    const sandbox = await Sandbox.create();
    const session = sandbox.session();
    session.exec("def gen():\n    yield from range(5)\ng = gen(); next(g)\nimport random\nrandom.seed(3)");
    const snapshot = session.snapshot();
    const fork = session.fork();
    const check = "next(g), random.randint(0, 10**6)";
    const original = session.exec(check).repr;
    const bytes = snapshot.toBytes();
    const fromBytes = sandbox.restore(Snapshot.fromBytes(bytes)).exec(check).repr;
    bytes[bytes.length - 1] ^= 1;
    let tampered;
    try {
      Snapshot.fromBytes(bytes);
    } catch (error) {
      tampered = error instanceof SnapshotError ? error.kind : String(error);
    }
    const worker = await sandbox.restoreWorker(snapshot);
    const inWorker = (await worker.exec(check)).repr;
    const workerFork = await worker.fork();
    const back = await workerFork.snapshot();
    worker.terminate();
    workerFork.terminate();
    return { original, forked: fork.exec(check).repr, fromBytes, tampered, inWorker, back: sandbox.restore(back).exec("next(g)").value };
  });
  assert.match(result.original, /^\(1, \d+\)$/);
  assert.deepEqual(result, { ...result, forked: result.original, fromBytes: result.original, inWorker: result.original });
  assert.equal(result.tampered, "checksum");
  assert.equal(result.back, 2);
  assert.deepEqual(errors, []);
});
