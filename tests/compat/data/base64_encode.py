import base64

raw = b"sandbox: hello, world!"
enc = base64.b64encode(raw)
print(enc)
print(base64.b64decode(enc) == raw)
print(base64.urlsafe_b64encode(b"\xff\xfe\xfd"))
