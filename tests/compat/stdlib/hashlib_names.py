import hashlib

for name in ("md5", "sha1", "sha256"):
    h = hashlib.new(name, b"abc") if hasattr(hashlib, "new") else getattr(hashlib, name)(b"abc")
    print(name, h.hexdigest()[:16])
print(hashlib.sha256(b"abc").digest()[:4])
