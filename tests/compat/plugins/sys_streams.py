import sys

sys.stdout.write("written directly\n")
print("to stderr", file=sys.stderr)
print("a", "b", sep="-", end="!\n")
print(*range(3))
