logs = """\
INFO 2024-01-01 server started
WARN 2024-01-01 disk at 85%
ERROR 2024-01-02 request failed: timeout
INFO 2024-01-02 request ok
ERROR 2024-01-03 request failed: refused"""
levels = {}
errors = []
for line in logs.splitlines():
    level, date, msg = line.split(" ", 2)
    levels[level] = levels.get(level, 0) + 1
    if level == "ERROR":
        errors.append((date, msg.split(": ")[1]))
print(levels)
print(errors)
