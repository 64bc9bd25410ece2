import bisect


def lis_length(nums):
    tails = []
    for n in nums:
        i = bisect.bisect_left(tails, n)
        if i == len(tails):
            tails.append(n)
        else:
            tails[i] = n
    return len(tails)


print(lis_length([10, 9, 2, 5, 3, 7, 101, 18]))
