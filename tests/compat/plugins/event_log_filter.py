from typing import Iterable, Iterator


def only_errors(events: Iterable[dict]) -> Iterator[dict]:
    return (e for e in events if e.get("level") == "error")


events = [{"level": "info", "msg": "start"}, {"level": "error", "msg": "boom"},
          {"level": "error", "msg": "again"}, {"level": "debug"}]
for e in only_errors(events):
    print(e["msg"])
