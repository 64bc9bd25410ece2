from collections import defaultdict, deque


def topo_sort(edges):
    indeg = defaultdict(int)
    adj = defaultdict(list)
    nodes = set()
    for a, b in edges:
        adj[a].append(b)
        indeg[b] += 1
        nodes |= {a, b}
    queue = deque(sorted(n for n in nodes if indeg[n] == 0))
    order = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for m in sorted(adj[n]):
            indeg[m] -= 1
            if indeg[m] == 0:
                queue.append(m)
    return order


print(topo_sort([("shirt", "tie"), ("tie", "jacket"), ("pants", "shoes"), ("socks", "shoes"), ("pants", "belt"), ("belt", "jacket")]))
