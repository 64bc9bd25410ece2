from pprint import pprint, pformat

data = {"users": [{"name": "ann", "roles": ["admin", "dev"]}, {"name": "bob", "roles": []}],
        "settings": {"theme": "dark", "notifications": {"email": True, "sms": False}}, "version": 3}
pprint(data)
print(pformat([1, 2, 3]))
pprint(list(range(30)), width=40)
