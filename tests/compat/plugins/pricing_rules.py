from typing import Callable, List, Tuple

Rule = Callable[[dict], float]


def bulk_discount(order):
    return 0.1 * order["subtotal"] if order["qty"] >= 10 else 0.0


def coupon(order):
    return 5.0 if order.get("coupon") == "SAVE5" else 0.0


def apply_rules(order, rules: List[Rule]) -> Tuple[float, List[str]]:
    applied = []
    total = order["subtotal"]
    for rule in rules:
        d = rule(order)
        if d:
            applied.append(f"{rule.__name__}: -{d:.2f}")
            total -= d
    return round(total, 2), applied


print(apply_rules({"subtotal": 120.0, "qty": 12, "coupon": "SAVE5"}, [bulk_discount, coupon]))
print(apply_rules({"subtotal": 20.0, "qty": 1}, [bulk_discount, coupon]))
