import sys

print(sys.version_info[0], sys.version_info >= (3, 0), type(sys.argv).__name__)
print(sys.maxsize > 2 ** 30, "json" in sys.modules or True)
print(isinstance(sys.path, list), callable(sys.exit))
