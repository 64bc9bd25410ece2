from collections import namedtuple

Point3 = namedtuple("Point3", "x y z")
p = Point3(1, 2, 3)
print(p, p._fields, p.x + p.y + p.z)
print(Point3._make([4, 5, 6]))
x, y, z = p
print(x, y, z, p[2], len(p))
