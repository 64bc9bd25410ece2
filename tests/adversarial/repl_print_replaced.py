# expect: ok
# Replacing builtins.__repl_print__ (or defining a global of that name) does not change
# how an exec records its value: the runner's next exec must still return 'alive'.
import builtins
def hijack(value):
    raise SystemExit(7)
builtins.__repl_print__ = hijack
__repl_print__ = hijack
1 + 1
