# expect: exception ValueError
# An exception whose message holds a lone surrogate is reported with the surrogate
# escaped (\ud800), as Python writes it, instead of ending the session.
raise ValueError("bad " + chr(0xD800) + " text")
