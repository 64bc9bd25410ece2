from typing import List, Dict, Optional, Union, Any, Callable, Tuple, Set, Iterable, Sequence, Mapping


def f(a: List[int], b: Dict[str, Any], c: Optional[str] = None) -> Tuple[int, ...]:
    return tuple(a)


print(f([1, 2], {}), f.__annotations__["c"] == Optional[str])
print(Union[int, str] == Union[str, int], List[int])
