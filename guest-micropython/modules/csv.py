# csv: reader, writer, DictReader and DictWriter with the excel dialect's quoting rules,
# over any iterable of lines and any object with write() (io.StringIO, open files).

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)


class Error(Exception):
    pass


class Dialect:
    delimiter = ","
    quotechar = '"'
    escapechar = None
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = QUOTE_MINIMAL
    strict = False


class excel(Dialect):
    pass


class excel_tab(excel):
    delimiter = "\t"


class unix_dialect(Dialect):
    lineterminator = "\n"
    quoting = QUOTE_ALL


_dialects = {"excel": excel, "excel-tab": excel_tab, "unix": unix_dialect}


def register_dialect(name, dialect=None, **kwargs):
    _dialects[name] = _Params(dialect or excel, kwargs)


def get_dialect(name):
    return _dialects[name]


def list_dialects():
    return list(_dialects)


class _Params:
    def __init__(self, dialect, kwargs):
        if isinstance(dialect, str):
            dialect = _dialects[dialect]
        for name in ("delimiter", "quotechar", "escapechar", "doublequote", "skipinitialspace",
                     "lineterminator", "quoting", "strict"):
            setattr(self, name, kwargs.pop(name, getattr(dialect, name)))
        if kwargs:
            raise TypeError("'%s' is an invalid keyword argument for this function" % next(iter(kwargs)))


class reader:
    def __init__(self, csvfile, dialect="excel", **kwargs):
        self._lines = iter(csvfile)
        self.dialect = _Params(dialect, kwargs)
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self):
        d = self.dialect
        row = []
        field = []
        state = 0  # 0 start of field, 1 in field, 2 in quotes, 3 quote in quotes
        quoted = False
        while True:
            line = next(self._lines) if not row and not field and state == 0 else self._more()
            self.line_num += 1
            i = 0
            n = len(line)
            while i < n:
                c = line[i]
                i += 1
                if state == 2:
                    if c == d.escapechar and i < n:
                        field.append(line[i])
                        i += 1
                    elif c == d.quotechar:
                        if d.doublequote:
                            state = 3
                        else:
                            state = 1
                    else:
                        field.append(c)
                    continue
                if state == 3:
                    if c == d.quotechar:
                        field.append(c)
                        state = 2
                        continue
                    state = 1
                if c == "\r" or c == "\n":
                    if state != 0 or field or row or quoted:
                        pass
                    continue
                if c == d.delimiter:
                    row.append(self._value("".join(field), quoted))
                    field = []
                    quoted = False
                    state = 0
                    continue
                if state == 0:
                    if c == " " and d.skipinitialspace:
                        continue
                    if c == d.quotechar and d.quoting != QUOTE_NONE:
                        quoted = True
                        state = 2
                        continue
                    state = 1
                if c == d.escapechar and i < n:
                    field.append(line[i])
                    i += 1
                    continue
                field.append(c)
            if state == 2:
                if not line.endswith("\n"):
                    field.append("\n")
                if line:
                    continue
            row.append(self._value("".join(field), quoted))
            if row == [""] and not quoted:
                return []
            return row

    def _more(self):
        try:
            return next(self._lines)
        except StopIteration:
            if self.dialect.strict:
                raise Error("unexpected end of data")
            return ""

    def _value(self, text, quoted):
        if self.dialect.quoting == QUOTE_NONNUMERIC and not quoted and text:
            return float(text)
        return text


class writer:
    def __init__(self, csvfile, dialect="excel", **kwargs):
        self._file = csvfile
        self.dialect = _Params(dialect, kwargs)

    def _field(self, value):
        d = self.dialect
        if value is None:
            text = ""
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        if d.quoting == QUOTE_ALL or (d.quoting == QUOTE_NONNUMERIC and not isinstance(value, (int, float))):
            quote = True
        elif d.quoting == QUOTE_NONE:
            quote = False
        else:
            quote = any(c in text for c in (d.delimiter, d.quotechar, "\n", "\r"))
        if quote:
            return d.quotechar + text.replace(d.quotechar, d.quotechar * 2 if d.doublequote else d.escapechar + d.quotechar) + d.quotechar
        if d.escapechar:
            for c in (d.escapechar, d.delimiter, d.quotechar):
                if c:
                    text = text.replace(c, d.escapechar + c)
        return text

    def writerow(self, row):
        fields = [self._field(v) for v in row]
        if len(fields) == 1 and fields[0] == "":
            fields = [self.dialect.quotechar * 2]
        line = self.dialect.delimiter.join(fields) + self.dialect.lineterminator
        return self._file.write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect="excel", **kwargs):
        self.reader = reader(f, dialect, **kwargs)
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.line_num = 0

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    def __iter__(self):
        return self

    def __next__(self):
        names = self.fieldnames
        row = next(self.reader)
        while row == []:
            row = next(self.reader)
        self.line_num = self.reader.line_num
        d = dict(zip(names, row))
        if len(names) < len(row):
            d[self.restkey] = row[len(names):]
        elif len(names) > len(row):
            for key in names[len(row):]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", dialect="excel", **kwargs):
        self.fieldnames = list(fieldnames)
        self.restval = restval
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, **kwargs)

    def writeheader(self):
        return self.writer.writerow(self.fieldnames)

    def _row(self, rowdict):
        if self.extrasaction == "raise":
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError("dict contains fields not in fieldnames: " + ", ".join(repr(x) for x in wrong))
        return [rowdict.get(key, self.restval) for key in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._row(rowdict))

    def writerows(self, rowdicts):
        for r in rowdicts:
            self.writerow(r)


class Sniffer:
    def sniff(self, sample, delimiters=None):
        counts = {c: sample.count(c) for c in (delimiters or ",;\t|")}
        best = max(counts, key=lambda c: counts[c])
        return _Params(excel, {"delimiter": best})

    def has_header(self, sample):
        return True


field_size_limit = lambda new_limit=None: 131072
