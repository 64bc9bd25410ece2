class ConfigError(Exception):
    pass


def load(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad value {text!r}") from e


try:
    load("abc")
except ConfigError as e:
    print(e, type(e.__cause__).__name__)
