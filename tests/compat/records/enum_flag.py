from enum import Flag, auto


class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()


rw = Perm.R | Perm.W
print(Perm.R in rw, Perm.X in rw, rw.value)
