values = [2.5, 3.75, 1.2, 9.9, 4.4]
mean = sum(values) / len(values)
var = sum((v - mean) ** 2 for v in values) / len(values)
print(f"mean={mean:.3f} var={var:.3f} std={var ** 0.5:.3f}")
print(round(mean, 2), min(values), max(values))
