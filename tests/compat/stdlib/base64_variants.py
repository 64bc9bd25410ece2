import base64
import binascii

data = b"\x00\x10\x83\x10\x51\x87\x20\x92\x8b"
print(base64.b64encode(data), base64.urlsafe_b64encode(data))
print(base64.b16encode(b"hi"), base64.b32encode(b"hi"))
print(binascii.hexlify(b"hi"), binascii.crc32(b"hello world"))
