def reverse_words(sentence):
    return " ".join(reversed(sentence.split()))


assert reverse_words("the sky is blue") == "blue is sky the"
print(reverse_words("  hello   world  "))
