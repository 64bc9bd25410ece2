# expect: exception RuntimeError
# Catastrophic backtracking recurses once per attempt: it must end in the recursion error,
# not exhaust the wasm stack.
import re
re.match("(a*)*b", "a" * 40)
