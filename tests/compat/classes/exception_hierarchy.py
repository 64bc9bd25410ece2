class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, what):
        super().__init__(f"{what} not found")
        self.what = what


class Forbidden(AppError):
    pass


def fetch(key):
    if key == "secret":
        raise Forbidden("no access")
    if key != "ok":
        raise NotFound(key)
    return 42


for k in ["ok", "nope", "secret"]:
    try:
        print(fetch(k))
    except NotFound as e:
        print("404", e, e.what)
    except AppError as e:
        print("error", type(e).__name__, e)
