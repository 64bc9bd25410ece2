import re

pattern = re.compile(r"(?P<key>\w+)=(?P<value>[^&]*)")
query = "name=ann&age=30&city=paris"
for m in pattern.finditer(query):
    print(m.group("key"), "->", m.group("value"))
print(pattern.search(query).groupdict())
