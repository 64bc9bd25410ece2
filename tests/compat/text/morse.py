MORSE = {"A": ".-", "B": "-...", "C": "-.-.", "D": "-..", "E": ".", "F": "..-.", "G": "--.",
         "H": "....", "I": "..", "J": ".---", "K": "-.-", "L": ".-..", "M": "--", "N": "-.",
         "O": "---", "P": ".--.", "Q": "--.-", "R": ".-.", "S": "...", "T": "-", "U": "..-",
         "V": "...-", "W": ".--", "X": "-..-", "Y": "-.--", "Z": "--.."}
REVERSE = {v: k for k, v in MORSE.items()}
code = " / ".join(" ".join(MORSE[c] for c in word) for word in "SOS HELP".split())
print(code)
print(" ".join("".join(REVERSE[s] for s in w.split()) for w in code.split(" / ")))
