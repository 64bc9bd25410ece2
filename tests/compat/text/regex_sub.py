import re

s = "2024-03-15 and 1999-12-31"
print(re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", s))
print(re.sub(r"\s+", " ", "too    many   spaces\there"))
print(re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c3"))
