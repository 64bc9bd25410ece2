prices = {"apple": 1.2, "banana": 0.5, "cherry": 3.0}
discounted = {k: round(v * 0.9, 2) for k, v in prices.items()}
print(discounted)
expensive = [k for k, v in prices.items() if v > 1]
print(expensive)
inverted = {v: k for k, v in prices.items()}
print(inverted[0.5])
