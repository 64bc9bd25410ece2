import re

text = "Contact: ann@example.com, bob.smith@mail.org; invalid@; cid@x.io"
emails = re.findall(r"[\w.]+@\w+\.\w+", text)
print(emails)
print(re.findall(r"(\w+)@(\w+)", text))
