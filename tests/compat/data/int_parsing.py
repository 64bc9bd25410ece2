raw = ["42", " 17 ", "-3", "x9", "3.5", ""]
parsed = []
for r in raw:
    try:
        parsed.append(int(r))
    except ValueError as e:
        print("skip", repr(r))
print(parsed)
