import textwrap

block = """
    def f():
        return 1
"""
print(textwrap.dedent(block).strip())
print(textwrap.indent("a\nb", "> "))
print(textwrap.shorten("The quick brown fox jumps over the lazy dog", width=25))
