DATA = [
    {"id": 1, "type": "book", "price": 12.5, "stock": 3},
    {"id": 2, "type": "pen", "price": 1.2, "stock": 0},
    {"id": 3, "type": "book", "price": 30.0, "stock": 10},
    {"id": 4, "type": "bag", "price": 45.0, "stock": 1},
]

OPS = {"eq": lambda a, b: a == b, "lt": lambda a, b: a < b, "gt": lambda a, b: a > b}


def query(data, **filters):
    result = data
    for key, value in filters.items():
        field, _, op = key.partition("__")
        fn = OPS[op or "eq"]
        result = [r for r in result if fn(r[field], value)]
    return [r["id"] for r in result]


print(query(DATA, type="book"))
print(query(DATA, price__lt=20, stock__gt=0))
print(query(DATA, type="bag", price__gt=100))
