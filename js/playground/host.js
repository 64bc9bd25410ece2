// Sample host functions: this module is loaded in the session's worker, and each exported
// function becomes `host.NAME` in Python (arguments: positional list, keyword object).

/** host.greet(name, punctuation="!") -> str */
export function greet([name], { punctuation = "!" }) {
  if (typeof name !== "string") {
    throw new Error("greet() wants a name (str)");
  }
  return `Hello, ${name}${punctuation}`;
}

/** host.now() -> the browser's clock, an ISO 8601 str */
export function now() {
  return new Date().toISOString();
}
