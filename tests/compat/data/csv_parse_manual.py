text = """id,name,price,qty
1,Widget,2.50,10
2,Gadget,10.00,3
3,Gizmo,7.25,8
"""
lines = text.strip().splitlines()
header = lines[0].split(",")
rows = [dict(zip(header, line.split(","))) for line in lines[1:]]
total = sum(float(r["price"]) * int(r["qty"]) for r in rows)
print(rows[1])
print(f"total: {total:.2f}")
