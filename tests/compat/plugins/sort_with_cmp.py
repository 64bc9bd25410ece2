from functools import cmp_to_key


def compare(a, b):
    return (a > b) - (a < b) if len(a) == len(b) else len(a) - len(b)


words = ["banana", "kiwi", "apple", "fig", "cherry"]
print(sorted(words, key=cmp_to_key(compare)))


def largest_number(nums):
    strs = sorted(map(str, nums), key=cmp_to_key(lambda x, y: (y + x > x + y) - (y + x < x + y)))
    return "".join(strs)


print(largest_number([3, 30, 34, 5, 9]))
