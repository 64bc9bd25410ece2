from collections import deque

d = deque([1, 2, 3], maxlen=5)
d.appendleft(0)
d.extend([4, 5, 6])
print(d, len(d))
d.rotate(2)
print(list(d), d[0], d[-1])
print(d.popleft(), d.pop())
