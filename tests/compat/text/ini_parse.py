config_text = """
[server]
host = 127.0.0.1
port = 8000

[auth]
; comment
enabled = true
users = ann, bob
"""
config = {}
section = None
for raw in config_text.splitlines():
    line = raw.strip()
    if not line or line.startswith(";"):
        continue
    if line.startswith("[") and line.endswith("]"):
        section = config.setdefault(line[1:-1], {})
    else:
        k, v = (p.strip() for p in line.split("=", 1))
        section[k] = v
print(config["server"]["port"], [u.strip() for u in config["auth"]["users"].split(",")])
print(sorted(config))
