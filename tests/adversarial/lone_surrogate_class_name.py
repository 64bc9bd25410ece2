# expect: exception Bad\udc00
# Even the type's name can hold a lone surrogate: it is escaped like any other text.
raise type("Bad" + chr(0xDC00), (Exception,), {})(chr(0xDFFF))
