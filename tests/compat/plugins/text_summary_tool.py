import re
from collections import Counter

STOP = {"the", "a", "and", "of", "to", "is", "in", "it"}


def summarize(text: str, n: int = 3) -> dict:
    words = [w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOP]
    return {
        "words": len(words),
        "unique": len(set(words)),
        "top": [w for w, _ in Counter(words).most_common(n)],
    }


print(summarize("The cat and the hat. The cat sat on the mat, and the cat ran to the hat."))
