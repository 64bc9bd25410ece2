import json


def get_weather(city: str, unit: str = "C") -> dict:
    temps = {"paris": 18, "oslo": 4}
    t = temps.get(city.lower(), 20)
    return {"city": city, "temp": t if unit == "C" else t * 9 / 5 + 32, "unit": unit}


def add(a: int, b: int) -> int:
    return a + b


TOOLS = {"get_weather": get_weather, "add": add}

calls = [
    '{"name": "get_weather", "arguments": {"city": "Paris"}}',
    '{"name": "add", "arguments": {"a": 2, "b": 40}}',
    '{"name": "get_weather", "arguments": {"city": "Oslo", "unit": "F"}}',
    '{"name": "unknown", "arguments": {}}',
]
for raw in calls:
    call = json.loads(raw)
    fn = TOOLS.get(call["name"])
    if fn is None:
        print(json.dumps({"error": f"no tool {call['name']}"}))
        continue
    print(json.dumps({"result": fn(**call["arguments"])}))
