def process(items):
    log = []
    for x in items:
        try:
            if x < 0:
                raise ValueError(x)
            log.append(10 // x)
        except ZeroDivisionError:
            log.append("div0")
        except ValueError as e:
            log.append(f"neg {e}")
        else:
            log.append("ok")
        finally:
            log.append("|")
    return log


print(process([5, 0, -1, 2]))
