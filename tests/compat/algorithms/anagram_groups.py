from collections import defaultdict
from typing import Dict, List


def group_anagrams(words: List[str]) -> List[List[str]]:
    groups: Dict[str, List[str]] = defaultdict(list)
    for w in words:
        groups["".join(sorted(w))].append(w)
    return sorted(sorted(g) for g in groups.values())


print(group_anagrams(["eat", "tea", "tan", "ate", "nat", "bat"]))
