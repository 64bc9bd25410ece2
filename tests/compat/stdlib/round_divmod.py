print(round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234, -2))
print(divmod(17, 5), divmod(-17, 5), -17 // 5, -17 % 5, 7.5 // 2)
print(abs(-3), pow(2, 10), pow(2, 10, 1000), pow(2, -1))
