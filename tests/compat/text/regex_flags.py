import re

text = "Apple banana APPLE cherry apple"
print(re.findall(r"apple", text, re.IGNORECASE))
print(len(re.findall(r"^\w+", "one\ntwo\nthree", re.MULTILINE)))
print(bool(re.fullmatch(r"[a-z]+\d*", "abc123")), bool(re.fullmatch(r"[a-z]+", "abc1")))
