text = "line one\nline two\r\nline three\n\nline five"
lines = text.splitlines()
print(len(lines), lines)
print(text.splitlines(keepends=True)[:2])
print(" / ".join(l for l in lines if l))
