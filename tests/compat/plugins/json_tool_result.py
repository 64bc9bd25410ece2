import json


def search_products(query: str, max_price: float = None, limit: int = 3):
    catalog = [("red shirt", 15.0), ("blue shirt", 25.0), ("red hat", 12.0), ("red shoes", 60.0)]
    hits = [(n, p) for n, p in catalog if query in n and (max_price is None or p <= max_price)]
    return {"query": query, "count": len(hits), "results": [{"name": n, "price": p} for n, p in hits[:limit]]}


print(json.dumps(search_products("red", max_price=50)))
print(json.dumps(search_products("green")))
