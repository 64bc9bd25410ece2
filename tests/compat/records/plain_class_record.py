class Product:
    def __init__(self, name, price, tags=None):
        self.name = name
        self.price = price
        self.tags = tags or []

    def __repr__(self):
        return f"Product(name={self.name!r}, price={self.price!r}, tags={self.tags!r})"

    def __eq__(self, other):
        return isinstance(other, Product) and (self.name, self.price) == (other.name, other.price)


p = Product("lamp", 19.99, ["home"])
print(p)
print(p == Product("lamp", 19.99), p == "lamp")
