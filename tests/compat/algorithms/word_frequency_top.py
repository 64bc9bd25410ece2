from collections import Counter

text = """the quick brown fox jumps over the lazy dog the fox barks and the dog runs"""
counts = Counter(text.split())
for word, n in counts.most_common(3):
    print(word, n)
