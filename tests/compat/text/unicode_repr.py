words = ["café", "naïve", "Zürich", "日本"]
print(words)
print(repr("é"), ascii("é"))
print({"city": "Zürich"})
