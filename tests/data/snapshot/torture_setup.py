# State of every kind Python can hold between calls, for the snapshot tests (Rust and JS):
# restored and forked sessions must behave as the original.
import random, json, collections
random.seed(12345)
_ = [random.random() for _ in range(3)]

def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
tick = counter(); tick(); tick(5)

def squares():
    for i in range(100):
        yield i * i
g = squares(); next(g); next(g); next(g)

class Animal:
    kind = 'animal'
    def __init__(self, name): self.name = name
    def speak(self): return self.name + ' makes a sound'
class Dog(Animal):
    def speak(self): return super().speak() + ' (woof)'
rex = Dog('rex')

big = 3 ** 200 - 7
blob = bytes(range(256)) * 40
buf = bytearray(b'abc')
nested = {'a': [1, (2, 3.5), {'b': {4, 5}}], 'c': None, 'd': [[[]]]}
cycle = [1]; cycle.append(cycle)
queue = collections.deque([1, 2, 3])
