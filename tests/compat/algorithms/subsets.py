def subsets(nums):
    result = [[]]
    for n in nums:
        result += [s + [n] for s in result]
    return result


print(sorted(subsets([1, 2, 3]), key=lambda s: (len(s), s)))
