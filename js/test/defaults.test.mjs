import assert from "node:assert/strict";
import { test } from "node:test";
import { PythonException } from "../dist/index.js";
import { sandbox } from "./helpers.mjs";

test("no files: nothing is preopened, and no host path can be opened", async () => {
  const session = (await sandbox()).session();
  assert.deepEqual(session.exec("import os\nos.listdir('/')").value, []);
  for (const path of ["/etc/passwd", "../../etc/passwd", "package.json"]) {
    assert.throws(() => session.exec(`open(${JSON.stringify(path)})`), (e) => e instanceof PythonException && e.typeName === "OSError");
  }
  assert.throws(() => session.exec("open('/new.txt', 'w')"), (e) => e.typeName === "OSError");
});

test("no arguments, no environment", async () => {
  const session = (await sandbox()).session();
  assert.deepEqual(session.exec("import sys\nsys.argv").value, []);
  assert.equal(session.exec("import os\nhasattr(os, 'environ') or hasattr(os, 'getenv')").value, false);
});

test("no network: every HTTP request is refused before anything is sent", async () => {
  const session = (await sandbox()).session();
  for (const url of ["http://127.0.0.1:9/", "https://example.com/", "http://169.254.169.254/latest/meta-data/"]) {
    assert.throws(
      () => session.exec(`import requests\nrequests.get(${JSON.stringify(url)})`),
      (e) => e instanceof PythonException && e.typeName === "RequestDenied" && /nothing was sent/.test(e.pyMessage),
    );
  }
  const caught = session.exec("try:\n    requests.post('http://x.test/', json={'a': 1})\nexcept requests.exceptions.ConnectionError as e:\n    print(type(e).__name__)");
  assert.equal(caught.stdout, "RequestDenied\n");
});

test("stdin is empty; random and time work", async () => {
  const session = (await sandbox()).session();
  assert.equal(session.exec("import sys\nsys.stdin.read()").value, "");
  const [a, b] = session.exec("import random\n[random.random(), random.random()]").value;
  assert.notEqual(a, b);
  const now = session.exec("import time\ntime.time()").value;
  assert.ok(Math.abs(now - Date.now() / 1000) < 60);
});
