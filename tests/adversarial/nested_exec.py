# expect: limit time
exec("exec(\"while True:\\n    pass\")")
