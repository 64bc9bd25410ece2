def read_lines(text):
    for line in text.splitlines():
        yield line


def non_empty(lines):
    return (l for l in lines if l.strip())


def numbers(lines):
    for l in lines:
        try:
            yield float(l)
        except ValueError:
            pass


data = "1\n\n2.5\nabc\n-4\n"
print(sum(numbers(non_empty(read_lines(data)))))
