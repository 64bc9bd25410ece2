s = "abcdefghij"
print(s[::-1], s[::2], s[1::3], s[-3:], s[8:2:-2])
print("racecar"[::-1] == "racecar")
