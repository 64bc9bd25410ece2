s = "tab\there\nnew 'single' \"double\" back\\slash"
print(repr(s))
print(str(b"\x00\x01abc"), repr("\x7f"))
print(len(s))
