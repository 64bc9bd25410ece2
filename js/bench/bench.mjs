// Measures the JavaScript package in Node: the same workloads as the Rust benchmarks
// (host/benches/workloads). Prints JSON: medians in microseconds.
// Usage: node bench/bench.mjs [--quick]
import { Sandbox } from "../dist/index.js";

const quick = process.argv.includes("--quick");
const scale = quick ? 0.2 : 1;

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `fn` `rounds` times (after `warmup` runs) and returns the median, in us. */
function measure(fn, rounds, warmup = Math.ceil(rounds / 10)) {
  for (let i = 0; i < warmup; i++) {
    fn();
  }
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    fn();
    samples.push((performance.now() - started) * 1000);
  }
  return median(samples);
}

const figures = {};

let started = performance.now();
const sandbox = await Sandbox.create();
figures.load_compile = (performance.now() - started) * 1000;

started = performance.now();
sandbox.session().exec("x = 1");
figures.cold_first_exec = (performance.now() - started) * 1000;

const rounds = (n) => Math.max(5, Math.round(n * scale));

figures.new_session = measure(() => sandbox.session(), rounds(2000));
figures.first_exec = measure(() => sandbox.session().exec("x = 1"), rounds(2000));

const warm = sandbox.session();
warm.exec("x = 0");
figures.warm_exec = measure(() => warm.exec("x = x + 1"), rounds(20000));

warm.exec("def add(a, b):\n    return a + b\n");
figures.call = measure(() => warm.call("add", [1, 2]), rounds(20000));

const withHost = sandbox.session({ hostFunctions: { echo: ([x]) => x } });
withHost.exec("from host import echo");
figures.host_fn = measure(() => withHost.exec("for i in range(1000):\n    echo(i)\n"), rounds(200)) / 1000;

warm.exec("def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n");
figures.fib25 = measure(() => warm.exec("fib(25)"), rounds(30), 3);

// Snapshots: the same workloads as host/examples/bench_rows/snapshots.rs.
const LIVE_1MIB = "import gc\ndata = [('%08d' % i) * 6 for i in range(16384)]\ngc.collect()";
for (const [name, setup] of [["idle", "x = 1"], ["1mib", LIVE_1MIB]]) {
  const session = sandbox.session();
  session.exec(setup);
  figures[`snapshot_${name}`] = measure(() => session.snapshot(), rounds(200));
  const snapshot = session.snapshot();
  figures[`restore_${name}`] = measure(() => sandbox.restore(snapshot), rounds(200));
  figures[`fork_${name}`] = measure(() => session.fork(), rounds(200));
  figures[`to_bytes_${name}`] = measure(() => snapshot.toBytes(), rounds(50));
}
const template = sandbox.template("import json\nTABLE = {i: i * i for i in range(256)}\ndef lookup(k):\n    return TABLE[k]");
figures.template_first_exec = measure(() => template.session().exec("lookup(12)"), rounds(500));

started = performance.now();
const worker = await sandbox.workerSession();
await worker.exec("x = 1");
figures.worker_first_exec = (performance.now() - started) * 1000;
worker.terminate();

figures.node = process.version;
console.log(JSON.stringify(figures));
