from typing import Any, Dict, List, Optional, Tuple, Union


def normalize(value: Union[int, str, None], default: Optional[int] = None) -> Optional[int]:
    if value is None:
        return default
    return int(value)


def stats(xs: List[float]) -> Tuple[float, float]:
    return min(xs), max(xs)


def pick(d: Dict[str, Any], *keys: str) -> Dict[str, Any]:
    return {k: d[k] for k in keys if k in d}


print(normalize("12"), normalize(None, 0), stats([3.5, 1.0, 2.25]), pick({"a": 1, "b": 2}, "b", "z"))
