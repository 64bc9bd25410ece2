print("a\tb\tc".expandtabs(4))
print("Straße".casefold() == "strasse", "HeLLo".casefold())
