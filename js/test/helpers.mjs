// Shared by the tests: one compiled sandbox per test file.
import { Sandbox } from "../dist/index.js";

let shared;

/** The sandbox of this test process (compiled once). */
export function sandbox() {
  shared ??= Sandbox.create();
  return shared;
}
