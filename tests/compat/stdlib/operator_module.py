import operator
from operator import itemgetter, attrgetter, methodcaller

rows = [("b", 2), ("a", 3), ("c", 1)]
print(sorted(rows, key=itemgetter(1)), sorted(rows, key=itemgetter(0)))
print(itemgetter(0, 1)(rows[0]), methodcaller("upper")("x"))
print(operator.neg(3), operator.contains([1, 2], 2), operator.getitem({"k": 9}, "k"))
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])))


class P:
    def __init__(self, n):
        self.name = n


print(attrgetter("name")(P("z")))
