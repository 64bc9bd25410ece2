data = [3, 8, 1, 9]
if (n := len(data)) > 3:
    print(f"{n} items")


def describe(cmd):
    match cmd.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["take", *items] if items:
            return f"taking {', '.join(items)}"
        case ["quit"]:
            return "bye"
        case _:
            return "unknown"


for c in ["go north", "take lamp key", "quit", "dance"]:
    print(describe(c))
