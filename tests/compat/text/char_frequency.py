from collections import Counter

text = "hello world"
freq = Counter(c for c in text if c != " ")
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
print(freq.most_common(1)[0])
