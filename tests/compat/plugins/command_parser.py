def parse_command(line: str):
    parts = line.split()
    if not parts:
        return None
    cmd, args, opts = parts[0], [], {}
    for p in parts[1:]:
        if p.startswith("--") and "=" in p:
            k, v = p[2:].split("=", 1)
            opts[k] = v
        elif p.startswith("--"):
            opts[p[2:]] = True
        else:
            args.append(p)
    return cmd, args, opts


for line in ["deploy app1 --env=prod --force", "ls", "", "copy a b --verbose"]:
    print(parse_command(line))
