counts = {}
for word in "a b a c b a d".split():
    counts[word] = counts.get(word, 0) + 1
print(sorted(counts.items()))
index = {}
for i, w in enumerate(["x", "y", "x"]):
    index.setdefault(w, []).append(i)
print(index["x"], index.get("z", "missing"))
