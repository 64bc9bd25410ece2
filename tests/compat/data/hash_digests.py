import hashlib

print(hashlib.sha256(b"hello").hexdigest())
print(hashlib.md5(b"hello").hexdigest())
h = hashlib.sha1()
h.update(b"hel")
h.update(b"lo")
print(h.hexdigest())
