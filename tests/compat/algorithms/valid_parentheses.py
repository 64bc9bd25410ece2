def is_valid(s: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch in pairs.values():
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


for case in ["()", "()[]{}", "(]", "([)]", "{[]}", "(("]:
    print(f"{case!r:8} -> {is_valid(case)}")
