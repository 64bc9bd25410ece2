from collections import defaultdict

graph = defaultdict(set)
for a, b in [("a", "b"), ("a", "c"), ("b", "c")]:
    graph[a].add(b)
    graph[b].add(a)
print({k: sorted(v) for k, v in sorted(graph.items())})
counts = defaultdict(int)
for ch in "hello":
    counts[ch] += 1
print(dict(counts))
nested = defaultdict(lambda: defaultdict(list))
nested["x"]["y"].append(1)
print(nested["x"]["y"])
