import { Sandbox, formatBytes } from "./mpsandbox/index.js";

const LIMITS = { timeout: 2000, grace: 500, memoryLimit: 64 * 1024 * 1024, maxOutput: 64 * 1024 };

const $ = (id) => document.getElementById(id);
const code = $("code");
const output = $("output");
const status = $("status");
let sandbox;
let session;

function show(text, className) {
  const span = document.createElement("span");
  span.textContent = text;
  if (className) {
    span.className = className;
  }
  output.append(span);
}

async function start() {
  session?.terminate();
  session = await sandbox.workerSession({
    timeout: LIMITS.timeout,
    grace: LIMITS.grace,
    maxOutput: LIMITS.maxOutput,
    hostFunctions: new URL("./host.js", import.meta.url).href,
  });
}

async function run() {
  $("run").disabled = true;
  output.textContent = "";
  status.textContent = "running…";
  let out;
  try {
    const result = await session.exec(code.value);
    out = result;
    show(result.stdout);
    // Like Python's REPL: the last expression's repr, unless it is None.
    if (result.repr !== undefined && result.repr !== "None") {
      show(result.repr + "\n", "value");
    }
  } catch (error) {
    out = error.output;
    show(error.output?.stdout ?? "");
    show(`${error.message}\n`, "err");
    if (error.name === "SessionLostError") {
      show("(starting a new session)\n", "meta");
      await start();
    }
  }
  if (out?.stderr) {
    show(out.stderr, "err");
  }
  if (out?.stdoutTruncated || out?.stderrTruncated) {
    show(`[output cut at ${formatBytes(LIMITS.maxOutput)}]\n`, "meta");
  }
  status.textContent = out ? `done in ${out.usage.wallMs.toFixed(1)} ms, memory ${formatBytes(out.usage.memoryBytes)}` : "done";
  $("run").disabled = false;
}

async function reset() {
  $("reset").disabled = true;
  output.textContent = "";
  await start();
  status.textContent = "new session";
  $("reset").disabled = false;
}

$("limits").textContent =
  `Limits: ${LIMITS.timeout} ms per run (KeyboardInterrupt; hard stop ${LIMITS.grace} ms later, which loses the session), ` +
  `memory ${formatBytes(LIMITS.memoryLimit)}, output ${formatBytes(LIMITS.maxOutput)} per stream; ` +
  `no files, network or environment. Host functions: host.greet(name, punctuation="!"), host.now().`;

try {
  sandbox = await Sandbox.create({ memoryLimit: LIMITS.memoryLimit });
  await start();
  $("run").disabled = false;
  $("reset").disabled = false;
  status.textContent = "ready";
} catch (error) {
  status.textContent = "";
  show(`${error.message}\n`, "err");
}
$("run").addEventListener("click", run);
$("reset").addEventListener("click", reset);
code.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    if (!$("run").disabled) {
      run();
    }
  }
});
