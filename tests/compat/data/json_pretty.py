import json

config = {"server": {"host": "localhost", "port": 8080}, "debug": False, "paths": ["/a", "/b"]}
print(json.dumps(config, indent=2))
