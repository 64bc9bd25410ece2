dna = "AGCTTAGCTAAGCT"
print(dna.count("AGCT"), dna.count("A"), dna.index("TA"))
print({base: dna.count(base) for base in "ACGT"})
print(dna.replace("T", "U", 2))
