import textwrap

text = ("The quick brown fox jumps over the lazy dog. " * 4).strip()
print(textwrap.fill(text, width=40))
print(textwrap.wrap("short text here", 8))
