DEFAULTS = {"timeout": 30, "retries": 3, "verbose": False, "headers": {"Accept": "json"}}


def configure(**overrides):
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
    cfg = {**DEFAULTS, **overrides}
    return cfg


print(configure(timeout=5))
try:
    configure(colour="red", size=1)
except TypeError as e:
    print(e)
