def format_duration(seconds: int) -> str:
    if seconds == 0:
        return "now"
    parts = []
    for name, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n} {name}{'s' if n > 1 else ''}")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


for s in (0, 1, 62, 3600, 3662, 90061):
    print(s, format_duration(s))
