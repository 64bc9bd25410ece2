from typing import Callable, Dict, List

HOOKS: Dict[str, List[Callable]] = {}


def hook(event: str):
    def deco(fn: Callable) -> Callable:
        HOOKS.setdefault(event, []).append(fn)
        return fn
    return deco


@hook("on_save")
def audit(doc):
    return f"audit {doc['id']}"


@hook("on_save")
def index(doc):
    return f"index {doc['title'].lower()}"


def fire(event, *args):
    return [fn(*args) for fn in HOOKS.get(event, [])]


print(fire("on_save", {"id": 7, "title": "Hello"}))
print(fire("on_delete", {}))
