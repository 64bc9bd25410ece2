import json

payload = '''
{"orders": [
  {"id": 1, "items": [{"sku": "A1", "qty": 2, "price": 3.5}, {"sku": "B2", "qty": 1, "price": 10}]},
  {"id": 2, "items": [{"sku": "A1", "qty": 5, "price": 3.5}]}
]}
'''
orders = json.loads(payload)["orders"]
for order in orders:
    total = sum(i["qty"] * i["price"] for i in order["items"])
    print(f"order {order['id']}: {total:.2f}")
