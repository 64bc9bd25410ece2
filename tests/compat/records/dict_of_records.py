records = {
    "u1": {"name": "Ann", "roles": ["admin"]},
    "u2": {"name": "Bob", "roles": []},
}
records["u3"] = {"name": "Cid", "roles": ["dev", "ops"]}
admins = [r["name"] for r in records.values() if "admin" in r["roles"]]
print(admins, len(records), list(records.keys()))
print({k: len(v["roles"]) for k, v in records.items()})
