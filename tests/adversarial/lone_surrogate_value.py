# expect: ok
# The last expression's value holds a lone surrogate: the exec still succeeds, with the
# repr escaped and no value (the value cannot cross).
x = 1
["ok", chr(0xD800)]
