s = "  Hello, World!  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(s.strip().lower().replace("world", "there"))
print("a,b,,c".split(","), "a b  c".split(), "a-b-c".rsplit("-", 1))
print("hello".startswith(("he", "x")), "hello".endswith("lo"), "hello".find("l"), "hello".rfind("l"))
print("abc".center(9, "*"), "42".zfill(5), "x".ljust(3, ".") + "|", "-7".zfill(4))
