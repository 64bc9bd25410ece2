import re

PHONE = re.compile(r"^\+?\d{1,3}[- ]?\d{3}[- ]?\d{3,4}$")
for p in ["+1 555 1234", "555-123-4567", "12345", "+44-207-1234"]:
    print(p, bool(PHONE.match(p)))
