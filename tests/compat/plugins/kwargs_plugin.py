def plugin(name, *args, sep=", ", **options):
    parts = [name] + [str(a) for a in args]
    if options:
        parts.append(" ".join(f"{k}={v}" for k, v in sorted(options.items())))
    return sep.join(parts)


print(plugin("resize", 100, 200, keep_ratio=True, mode="fit"))
print(plugin("noop"))
print(plugin("x", 1, sep="|"))
args = (1, 2)
kw = {"sep": "-", "q": 3}
print(plugin("y", *args, **kw))
