from collections import ChainMap

defaults = {"color": "red", "user": "guest"}
env = {"user": "admin"}
cli = {"debug": True}
cfg = ChainMap(cli, env, defaults)
print(cfg["user"], cfg["color"], cfg.get("debug"), "missing" in cfg)
print(sorted(cfg.keys()))
child = cfg.new_child({"color": "blue"})
print(child["color"], cfg["color"])
