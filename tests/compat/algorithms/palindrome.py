def is_palindrome(s: str) -> bool:
    cleaned = "".join(ch.lower() for ch in s if ch.isalnum())
    return cleaned == cleaned[::-1]


for text in ["A man, a plan, a canal: Panama", "race a car", "", "No lemon, no melon"]:
    print(repr(text), is_palindrome(text))
