files = ["test_alpha.py", "test_beta.py", "helper.py"]
print([f.removeprefix("test_").removesuffix(".py") for f in files])
