import uuid

u = uuid.uuid4()
print(len(str(u)), str(u).count("-"), u.version)
fixed = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(fixed, fixed.hex)
print(uuid.uuid5(uuid.NAMESPACE_DNS, "example.com"))
