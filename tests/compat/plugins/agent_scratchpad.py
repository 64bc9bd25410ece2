import json

memory = {"facts": [], "steps": 0}


def remember(fact: str) -> str:
    memory["facts"].append(fact)
    memory["steps"] += 1
    return f"remembered {len(memory['facts'])} facts"


def recall(keyword: str) -> list:
    memory["steps"] += 1
    return [f for f in memory["facts"] if keyword.lower() in f.lower()]


print(remember("Paris is the capital of France"))
print(remember("The Seine flows through Paris"))
print(remember("Berlin is in Germany"))
print(recall("paris"))
print(json.dumps(memory, indent=1))
