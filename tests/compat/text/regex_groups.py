import re

log = "2024-05-01 12:30:45 ERROR [db] connection lost"
m = re.match(r"(\S+) (\S+) (\w+) \[(\w+)\] (.*)", log)
if m:
    date, time, level, comp, msg = m.groups()
    print(level, comp, msg)
    print(m.group(0) == log, m.group(3), m.start(5), m.span(4))
