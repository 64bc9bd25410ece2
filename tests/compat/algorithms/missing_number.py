def missing(nums):
    n = len(nums)
    return n * (n + 1) // 2 - sum(nums)


def missing_xor(nums):
    x = 0
    for i, v in enumerate(nums):
        x ^= i ^ v
    return x ^ len(nums)


print(missing([3, 0, 1]), missing_xor([9, 6, 4, 2, 3, 5, 7, 0, 1]))
