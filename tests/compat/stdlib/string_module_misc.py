import string

print(string.ascii_letters[:5], string.whitespace == " \t\n\r\x0b\x0c", string.octdigits)
f = string.Formatter()
print(f.format("{0} and {x}", 1, x=2))
