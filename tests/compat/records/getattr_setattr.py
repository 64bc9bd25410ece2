class Settings:
    pass


s = Settings()
for key, value in {"theme": "dark", "font_size": 12}.items():
    setattr(s, key, value)
print(s.theme, getattr(s, "font_size"), getattr(s, "missing", "default"), hasattr(s, "theme"))
print(sorted(vars(s).items()))
delattr(s, "theme")
print(hasattr(s, "theme"))
