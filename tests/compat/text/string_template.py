from string import Template

t = Template("Hello $name, you owe $$${amount}.")
print(t.substitute(name="Ann", amount=12.5))
print(t.safe_substitute(name="Bob"))
