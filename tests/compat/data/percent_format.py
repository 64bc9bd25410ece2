done, total = 37, 120
print(f"{done / total:.1%}")
print("{:,}".format(1234567890))
print(f"{1234567.891:,.2f}")
print("%5.1f%%" % (100 * done / total))
