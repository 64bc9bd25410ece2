import re

pat = re.compile(r"(\d+)-(\d+)")
text = "ranges: 1-5, 10-20, 7-8"
print([(int(a), int(b)) for a, b in pat.findall(text)])
print(pat.sub(lambda m: str(int(m.group(2)) - int(m.group(1))), text))
m = pat.search(text, 10)
print(m.group(), m.start(), m.end())
print(re.escape("a.b*c"))
