orders = [{"paid": True, "qty": 2}, {"paid": False, "qty": 0}, {"paid": True, "qty": 5}]
print(any(o["qty"] == 0 for o in orders), all(o["paid"] for o in orders))
print(sum(o["qty"] for o in orders if o["paid"]))
