class Stack:
    def __init__(self):
        self._items = []

    def push(self, x):
        self._items.append(x)

    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()

    def peek(self):
        return self._items[-1] if self._items else None

    def __len__(self):
        return len(self._items)

    def __contains__(self, x):
        return x in self._items


s = Stack()
for x in "abc":
    s.push(x)
print(len(s), s.peek(), "b" in s, s.pop(), len(s))
try:
    Stack().pop()
except IndexError as e:
    print(e)
