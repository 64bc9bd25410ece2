import re

text = "cat bat rat hat"
for m in re.finditer(r"\b(\w)at\b", text):
    print(m.group(1), m.span())
print(re.search(r"z", text))
print(re.sub(r"(\w)at", r"\1og", text, count=2))
print(re.subn(r"at", "AT", text))
