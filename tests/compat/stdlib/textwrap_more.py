import textwrap

text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
for line in textwrap.wrap(text, width=30, initial_indent="* ", subsequent_indent="  "):
    print(line)
print(textwrap.fill("a " * 10, 9))
