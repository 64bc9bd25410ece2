import re


def slugify(title: str) -> str:
    s = title.lower().strip()
    s = re.sub(r"[^a-z0-9\s-]", "", s)
    s = re.sub(r"[\s-]+", "-", s)
    return s.strip("-")


for t in ["Hello World!", "  Python 3.11: What's New?  ", "a -- b"]:
    print(slugify(t))
