import io

buf = io.StringIO()
buf.write("line 1\n")
print("line 2", file=buf)
print(buf.getvalue().splitlines())
reader = io.StringIO("a\nb\nc\n")
print(reader.readline(), end="")
print([l.strip() for l in reader])
bio = io.BytesIO(b"binary")
print(bio.read(3), bio.read())
