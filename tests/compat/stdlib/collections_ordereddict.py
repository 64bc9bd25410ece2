from collections import OrderedDict

od = OrderedDict()
od["z"] = 1
od["a"] = 2
od["m"] = 3
od.move_to_end("z")
print(list(od.keys()), od.popitem(), od.popitem(last=False))
print(od)
