import copy

template = {"name": "base", "tags": ["a"], "meta": {"v": 1}}
shallow = copy.copy(template)
deep = copy.deepcopy(template)
shallow["tags"].append("b")
deep["meta"]["v"] = 2
print(template)
print(deep)
