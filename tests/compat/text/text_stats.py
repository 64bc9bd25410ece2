paragraph = "Python is great. It is easy to learn! Is it fast? Sometimes."
import re

sentences = [s for s in re.split(r"[.!?]", paragraph) if s.strip()]
words = re.findall(r"\w+", paragraph)
print(len(sentences), len(words), round(sum(len(w) for w in words) / len(words), 2))
print(max(words, key=len))
