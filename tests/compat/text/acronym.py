def acronym(phrase):
    return "".join(w[0].upper() for w in phrase.replace("-", " ").split())


print(acronym("Portable Network Graphics"), acronym("complementary metal-oxide semiconductor"))
