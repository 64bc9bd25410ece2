from functools import partial


def power(base, exp):
    return base ** exp


square = partial(power, exp=2)
cube = partial(power, exp=3)
print([square(i) for i in range(5)], cube(3))
to_int_base2 = partial(int, base=2)
print(to_int_base2("1011"))
