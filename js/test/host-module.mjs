// Host functions for the worker-session test: every exported function is one.
export function double([n]) {
  return n * 2;
}
