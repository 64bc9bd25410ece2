# Observes the state torture_setup.py made, and moves it on (the counter, the generator,
# the deque, `random`).
print(tick(), next(g), next(g), rex.speak(), Dog.kind, isinstance(rex, Animal))
print(big % 1000000007, len(str(big)))
print(len(blob), blob[-1], sum(blob) % 9973, bytes(buf), buf.append(100), bytes(buf))
print(nested, cycle[1] is cycle, len(cycle), queue.popleft(), json.dumps(nested['a'][:2]))
print(random.random(), random.randint(0, 10**9), random.choice('abcdefgh'))
