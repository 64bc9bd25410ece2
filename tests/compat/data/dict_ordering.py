inventory = {}
inventory["widgets"] = 10
inventory["gadgets"] = 4
inventory["doohickeys"] = 25
inventory["gizmos"] = 0
for name, count in inventory.items():
    print(name, count)
print(list(inventory))
