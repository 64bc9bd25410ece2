import heapq

h = [5, 1, 8, 3]
heapq.heapify(h)
heapq.heappush(h, 0)
print([heapq.heappop(h) for _ in range(3)], h[0])
print(heapq.heappushpop([2, 4], 3), heapq.heapreplace([1, 9], 5))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3])))
tasks = [(2, "write"), (1, "plan"), (3, "ship")]
heapq.heapify(tasks)
print(heapq.heappop(tasks)[1])
