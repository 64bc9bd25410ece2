import heapq

nums = [3, 2, 1, 5, 6, 4, 7, 9, 8]
print(heapq.nlargest(3, nums))
print(heapq.nsmallest(2, nums))
print(sorted(nums, reverse=True)[2])
