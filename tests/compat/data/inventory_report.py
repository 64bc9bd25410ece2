inventory = [
    {"sku": "A-1", "name": "bolt", "qty": 120, "min": 50},
    {"sku": "B-2", "name": "nut", "qty": 30, "min": 100},
    {"sku": "C-3", "name": "washer", "qty": 0, "min": 20},
]
low = [i for i in inventory if i["qty"] < i["min"]]
for item in low:
    need = item["min"] - item["qty"]
    print(f"{item['sku']}: reorder {need} x {item['name']}")
print("ok" if not low else f"{len(low)} items low")
