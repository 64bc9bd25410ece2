# datetime: date, time, datetime, timedelta, tzinfo and timezone (fixed offsets, utc), with
# strftime/strptime, isoformat/fromisoformat and timestamps. Local time is UTC in the sandbox.

import time as _time

MINYEAR = 1
MAXYEAR = 9999
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_BEFORE_MONTH = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_DAYNAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHNAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_US_PER_DAY = 86400000000


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_in_month(y, m):
    return 29 if m == 2 and _is_leap(y) else _DAYS_IN_MONTH[m]


def _days_before_year(y):
    y -= 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _ymd2ord(y, m, d):
    return _days_before_year(y) + _DAYS_BEFORE_MONTH[m] + (m > 2 and _is_leap(y)) + d


def _ord2ymd(n):
    n -= 1
    n400, n = divmod(n, 146097)
    year = n400 * 400 + 1
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    year += n100 * 100 + n4 * 4 + n1
    if n1 == 4 or n100 == 4:
        return year - 1, 12, 31
    leap = n1 == 3 and (n4 != 24 or n100 == 3)
    month = (n + 50) >> 5
    preceding = _DAYS_BEFORE_MONTH[month] + (month > 2 and leap)
    if preceding > n:
        month -= 1
        preceding -= _DAYS_IN_MONTH[month] + (month == 2 and leap)
    return year, month, n - preceding + 1


def _check_date(y, m, d):
    for v in (y, m, d):
        if not isinstance(v, int):
            raise TypeError("integer argument expected, got %s" % type(v).__name__)
    if not MINYEAR <= y <= MAXYEAR:
        raise ValueError("year %d is out of range" % y)
    if not 1 <= m <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= d <= _days_in_month(y, m):
        raise ValueError("day is out of range for month")


def _check_time(h, mi, s, us):
    if not 0 <= h <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= mi <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= s <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= us <= 999999:
        raise ValueError("microsecond must be in 0..999999")


def _cmp(a, b):
    return 0 if a == b else (1 if a > b else -1)


class timedelta:


    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
        us = total * 1000000 + milliseconds * 1000 + microseconds
        if not isinstance(us, int):
            us = round(us)
        if abs(us) >= 1000000000 * _US_PER_DAY:
            raise OverflowError("days=%d; must have magnitude <= 999999999" % (us // _US_PER_DAY))
        self._us = us

    @classmethod
    def _from_us(cls, us):
        td = object.__new__(cls)
        td._us = us
        return td

    @property
    def days(self):
        return self._us // _US_PER_DAY

    @property
    def seconds(self):
        return self._us % _US_PER_DAY // 1000000

    @property
    def microseconds(self):
        return self._us % 1000000

    def total_seconds(self):
        return self._us / 1000000

    def __repr__(self):
        parts = []
        if self.days:
            parts.append("days=%d" % self.days)
        if self.seconds:
            parts.append("seconds=%d" % self.seconds)
        if self.microseconds:
            parts.append("microseconds=%d" % self.microseconds)
        return "datetime.timedelta(%s)" % (", ".join(parts) or "0")

    def __str__(self):
        mm, ss = divmod(self.seconds, 60)
        hh, mm = divmod(mm, 60)
        s = "%d:%02d:%02d" % (hh, mm, ss)
        if self.days:
            s = "%d day%s, " % (self.days, "" if abs(self.days) == 1 else "s") + s
        if self.microseconds:
            s += ".%06d" % self.microseconds
        return s

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._us + other._us)
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._us - other._us)
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, timedelta):
            return -self + other
        return NotImplemented

    def __neg__(self):
        return timedelta._from_us(-self._us)

    def __pos__(self):
        return self

    def __abs__(self):
        return timedelta._from_us(abs(self._us))

    def __mul__(self, other):
        if isinstance(other, int):
            return timedelta._from_us(self._us * other)
        if isinstance(other, float):
            return timedelta._from_us(round(self._us * other))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._us / other._us
        if isinstance(other, (int, float)):
            return timedelta._from_us(round(self._us / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._us // other._us
        if isinstance(other, int):
            return timedelta._from_us(self._us // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._us % other._us)
        return NotImplemented

    def __divmod__(self, other):
        q, r = divmod(self._us, other._us)
        return q, timedelta._from_us(r)

    def __eq__(self, other):
        return isinstance(other, timedelta) and self._us == other._us

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._us < other._us

    def __le__(self, other):
        return self._us <= other._us

    def __gt__(self, other):
        return self._us > other._us

    def __ge__(self, other):
        return self._us >= other._us

    def __hash__(self):
        return hash(self._us)

    def __bool__(self):
        return self._us != 0


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


class tzinfo:
    def utcoffset(self, dt):
        raise NotImplementedError

    def dst(self, dt):
        return None

    def tzname(self, dt):
        raise NotImplementedError

    def fromutc(self, dt):
        return dt + self.utcoffset(dt)


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError("offset must be a timedelta")
        if not -timedelta(hours=24) < offset < timedelta(hours=24):
            raise ValueError("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).")
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def dst(self, dt):
        return None

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        if not self._offset:
            return "UTC"
        return "UTC" + _format_offset(self._offset, ":")

    def fromutc(self, dt):
        return dt + self._offset

    def __eq__(self, other):
        return isinstance(other, timezone) and self._offset == other._offset

    def __hash__(self):
        return hash(self._offset)

    def __repr__(self):
        if self is timezone.utc:
            return "datetime.timezone.utc"
        if self._name is None:
            return "datetime.timezone(%r)" % (self._offset,)
        return "datetime.timezone(%r, %r)" % (self._offset, self._name)

    def __str__(self):
        return self.tzname(None)


timezone.utc = timezone(timedelta(0))
timezone.min = timezone(-timedelta(hours=23, minutes=59))
timezone.max = timezone(timedelta(hours=23, minutes=59))
UTC = timezone.utc


def _format_offset(off, sep):
    if off is None:
        return ""
    sign = "+"
    if off._us < 0:
        sign = "-"
        off = -off
    mm, ss = divmod(off.seconds, 60)
    hh, mm = divmod(mm, 60)
    s = "%s%02d%s%02d" % (sign, hh + off.days * 24, sep, mm)
    if ss or off.microseconds:
        s += "%s%02d" % (sep, ss)
        if off.microseconds:
            s += ".%06d" % off.microseconds
    return s


def _wrap_strftime(obj, fmt, timetuple):
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        i += 1
        if c != "%" or i >= n:
            out.append(c)
            continue
        c = fmt[i]
        i += 1
        y, m, d, hh, mi, ss, wd, yd = timetuple[:8]
        if c == "Y":
            out.append("%d" % y if y >= 1000 else "%04d" % y)
        elif c == "m":
            out.append("%02d" % m)
        elif c == "d":
            out.append("%02d" % d)
        elif c == "e":
            out.append("%2d" % d)
        elif c == "H":
            out.append("%02d" % hh)
        elif c == "M":
            out.append("%02d" % mi)
        elif c == "S":
            out.append("%02d" % ss)
        elif c == "f":
            out.append("%06d" % getattr(obj, "microsecond", 0))
        elif c == "y":
            out.append("%02d" % (y % 100))
        elif c == "I":
            out.append("%02d" % (hh % 12 or 12))
        elif c == "p":
            out.append("AM" if hh < 12 else "PM")
        elif c == "A":
            out.append(_DAYNAMES[wd])
        elif c == "a":
            out.append(_DAYNAMES[wd][:3])
        elif c == "B":
            out.append(_MONTHNAMES[m])
        elif c == "b" or c == "h":
            out.append(_MONTHNAMES[m][:3])
        elif c == "j":
            out.append("%03d" % yd)
        elif c == "w":
            out.append("%d" % ((wd + 1) % 7))
        elif c == "u":
            out.append("%d" % (wd + 1))
        elif c == "U":
            out.append("%02d" % ((yd + 6 - (wd + 1) % 7) // 7))
        elif c == "W":
            out.append("%02d" % ((yd + 6 - wd) // 7))
        elif c == "G" or c == "V":
            iso = _iso_calendar(y, m, d)
            out.append("%04d" % iso[0] if c == "G" else "%02d" % iso[1])
        elif c == "z":
            off = obj.utcoffset() if hasattr(obj, "utcoffset") else None
            out.append(_format_offset(off, ""))
        elif c == "Z":
            tz = getattr(obj, "tzinfo", None)
            out.append(tz.tzname(obj) if tz is not None else "")
        elif c == "c":
            out.append(_wrap_strftime(obj, "%a %b %e %H:%M:%S %Y", timetuple))
        elif c == "x":
            out.append(_wrap_strftime(obj, "%m/%d/%y", timetuple))
        elif c == "X":
            out.append(_wrap_strftime(obj, "%H:%M:%S", timetuple))
        elif c == "D":
            out.append(_wrap_strftime(obj, "%m/%d/%y", timetuple))
        elif c == "F":
            out.append(_wrap_strftime(obj, "%Y-%m-%d", timetuple))
        elif c == "T":
            out.append(_wrap_strftime(obj, "%H:%M:%S", timetuple))
        elif c == "R":
            out.append(_wrap_strftime(obj, "%H:%M", timetuple))
        elif c == "%":
            out.append("%")
        else:
            out.append("%" + c)
    return "".join(out)


def _iso_calendar(y, m, d):
    def week1_monday(year):
        first = _ymd2ord(year, 1, 1)
        wd = (first + 6) % 7
        monday = first - wd
        if wd > 3:
            monday += 7
        return monday

    today = _ymd2ord(y, m, d)
    year = y
    start = week1_monday(year)
    if today < start:
        year -= 1
        start = week1_monday(year)
    elif today >= week1_monday(year + 1):
        year += 1
        start = week1_monday(year)
    week, day = divmod(today - start, 7)
    return year, week + 1, day + 1


class _IsoCalendarDate(tuple):
    year = property(lambda self: self[0])
    week = property(lambda self: self[1])
    weekday = property(lambda self: self[2])

    def __repr__(self):
        return "datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)" % tuple(self)


class date:
    def __init__(self, year, month, day):
        _check_date(year, month, day)
        self._y, self._m, self._d = year, month, day

    year = property(lambda self: self._y)
    month = property(lambda self: self._m)
    day = property(lambda self: self._d)

    @classmethod
    def today(cls):
        t = _time.gmtime(_time.time())
        return cls(t[0], t[1], t[2])

    @classmethod
    def fromtimestamp(cls, t):
        t = _time.gmtime(t)
        return cls(t[0], t[1], t[2])

    @classmethod
    def fromordinal(cls, n):
        return cls(*_ord2ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(s) == 10 and s[4] == "-" and s[7] == "-":
                return cls(int(s[:4]), int(s[5:7]), int(s[8:]))
            if len(s) == 8 and s.isdigit():
                return cls(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            pass
        raise ValueError("Invalid isoformat string: %r" % (s,))

    @classmethod
    def fromisocalendar(cls, year, week, day):
        jan4 = _ymd2ord(year, 1, 4)
        monday = jan4 - (jan4 + 6) % 7
        return cls.fromordinal(monday + (week - 1) * 7 + day - 1)

    def toordinal(self):
        return _ymd2ord(self._y, self._m, self._d)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def isocalendar(self):
        return _IsoCalendarDate(_iso_calendar(self._y, self._m, self._d))

    def timetuple(self):
        return _time_struct((self._y, self._m, self._d, 0, 0, 0, self.weekday(),
                             self.toordinal() - _ymd2ord(self._y, 1, 1) + 1, -1))

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._y if year is None else year, self._m if month is None else month,
                          self._d if day is None else day)

    def isoformat(self):
        return "%04d-%02d-%02d" % (self._y, self._m, self._d)

    __str__ = isoformat

    def strftime(self, fmt):
        return _wrap_strftime(self, fmt, self.timetuple())

    def __format__(self, fmt):
        return self.strftime(fmt) if fmt else str(self)

    def ctime(self):
        return self.strftime("%a %b %e %H:%M:%S %Y")

    def __repr__(self):
        return "datetime.date(%d, %d, %d)" % (self._y, self._m, self._d)

    def _key(self):
        return (self._y, self._m, self._d)

    def __eq__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime) and not isinstance(self, datetime):
            return self._key() == other._key()
        return NotImplemented if not isinstance(other, date) else False

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def _cmp_check(self, other):
        if not isinstance(other, date) or isinstance(other, datetime):
            raise TypeError("can't compare %s to %s" % (type(self).__name__, type(other).__name__))

    def __lt__(self, other):
        self._cmp_check(other)
        return self._key() < other._key()

    def __le__(self, other):
        self._cmp_check(other)
        return self._key() <= other._key()

    def __gt__(self, other):
        self._cmp_check(other)
        return self._key() > other._key()

    def __ge__(self, other):
        self._cmp_check(other)
        return self._key() >= other._key()

    def __hash__(self):
        return hash(self._key())

    def __add__(self, other):
        if isinstance(other, timedelta):
            return type(self).fromordinal(self.toordinal() + other.days)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return type(self).fromordinal(self.toordinal() - other.days)
        if isinstance(other, date):
            return timedelta(days=self.toordinal() - other.toordinal())
        return NotImplemented


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


class _time_struct(tuple):
    tm_year = property(lambda self: self[0])
    tm_mon = property(lambda self: self[1])
    tm_mday = property(lambda self: self[2])
    tm_hour = property(lambda self: self[3])
    tm_min = property(lambda self: self[4])
    tm_sec = property(lambda self: self[5])
    tm_wday = property(lambda self: self[6])
    tm_yday = property(lambda self: self[7])
    tm_isdst = property(lambda self: self[8])


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        _check_time(hour, minute, second, microsecond)
        self._h, self._mi, self._s, self._us, self._tz = hour, minute, second, microsecond, tzinfo

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._s)
    microsecond = property(lambda self: self._us)
    tzinfo = property(lambda self: self._tz)
    fold = 0

    def utcoffset(self):
        return None if self._tz is None else self._tz.utcoffset(None)

    def tzname(self):
        return None if self._tz is None else self._tz.tzname(None)

    def isoformat(self, timespec="auto"):
        return _format_time(self._h, self._mi, self._s, self._us, timespec) + _format_offset(self.utcoffset(), ":")

    __str__ = isoformat

    @classmethod
    def fromisoformat(cls, s):
        h, mi, sec, us, tz = _parse_isotime(s)
        return cls(h, mi, sec, us, tz)

    def strftime(self, fmt):
        return _wrap_strftime(self, fmt, (1900, 1, 1, self._h, self._mi, self._s, 0, 1, -1))

    def __format__(self, fmt):
        return self.strftime(fmt) if fmt else str(self)

    def replace(self, hour=None, minute=None, second=None, microsecond=None, tzinfo=True):
        return time(self._h if hour is None else hour, self._mi if minute is None else minute,
                    self._s if second is None else second, self._us if microsecond is None else microsecond,
                    self._tz if tzinfo is True else tzinfo)

    def __repr__(self):
        if self._us:
            s = "%d, %d, %d, %d" % (self._h, self._mi, self._s, self._us)
        elif self._s:
            s = "%d, %d, %d" % (self._h, self._mi, self._s)
        else:
            s = "%d, %d" % (self._h, self._mi)
        if self._tz is not None:
            s += ", tzinfo=%r" % (self._tz,)
        return "datetime.time(%s)" % s

    def _key(self):
        return (self._h, self._mi, self._s, self._us)

    def __eq__(self, other):
        return isinstance(other, time) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __hash__(self):
        return hash(self._key())

    def __bool__(self):
        return True


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999999)
time.resolution = timedelta(microseconds=1)


def _format_time(h, mi, s, us, timespec="auto"):
    if timespec == "auto":
        timespec = "microseconds" if us else "seconds"
    if timespec == "hours":
        return "%02d" % h
    if timespec == "minutes":
        return "%02d:%02d" % (h, mi)
    if timespec == "seconds":
        return "%02d:%02d:%02d" % (h, mi, s)
    if timespec == "milliseconds":
        return "%02d:%02d:%02d.%03d" % (h, mi, s, us // 1000)
    if timespec == "microseconds":
        return "%02d:%02d:%02d.%06d" % (h, mi, s, us)
    raise ValueError("Unknown timespec value")


def _parse_isotime(s):
    tz = None
    for i, c in enumerate(s):
        if c in "+-Z":
            tz = _parse_isotz(s[i:], s)
            s = s[:i]
            break
    try:
        frac = 0
        if "." in s or "," in s:
            s, f = s.replace(",", ".").split(".")
            frac = int((f + "000000")[:6])
        parts = s.split(":") if ":" in s else [s[i:i + 2] for i in range(0, len(s), 2)]
        nums = [int(p) for p in parts]
        if not 1 <= len(nums) <= 3 or any(len(p) != 2 for p in parts):
            raise ValueError
        nums += [0] * (3 - len(nums))
        return nums[0], nums[1], nums[2], frac, tz
    except ValueError:
        raise ValueError("Invalid isoformat string: %r" % (s,))


def _parse_isotz(s, whole):
    if s == "Z":
        return timezone.utc
    sign = -1 if s[0] == "-" else 1
    body = s[1:].replace(":", "")
    try:
        hh, mm = int(body[:2]), int(body[2:4] or 0)
        ss = int(body[4:6] or 0)
    except ValueError:
        raise ValueError("Invalid isoformat string: %r" % (whole,))
    off = timedelta(hours=hh, minutes=mm, seconds=ss)
    return timezone.utc if not off else timezone(off if sign > 0 else -off)


class datetime(date):
    def __init__(self, year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        _check_date(year, month, day)
        _check_time(hour, minute, second, microsecond)
        self._y, self._m, self._d = year, month, day
        self._h, self._mi, self._s, self._us, self._tz = hour, minute, second, microsecond, tzinfo

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._s)
    microsecond = property(lambda self: self._us)
    tzinfo = property(lambda self: self._tz)
    fold = 0

    @classmethod
    def _from_us(cls, us, tz=None):
        days, us = divmod(us, _US_PER_DAY)
        secs, us = divmod(us, 1000000)
        mi, s = divmod(secs, 60)
        h, mi = divmod(mi, 60)
        y, m, d = _ord2ymd(days)
        return cls(y, m, d, h, mi, s, us, tz)

    def _to_us(self):
        return ((self.toordinal() * 24 + self._h) * 60 + self._mi) * 60000000 + self._s * 1000000 + self._us

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        us = round(t * 1000000) + _ymd2ord(1970, 1, 1) * _US_PER_DAY
        dt = cls._from_us(us)
        if tz is not None:
            dt = tz.fromutc(dt.replace(tzinfo=tz))
        return dt

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls.fromtimestamp(t)

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time.time(), tz)

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def utcnow(cls):
        return cls.now()

    @classmethod
    def combine(cls, d, t, tzinfo=True):
        return cls(d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond,
                   t.tzinfo if tzinfo is True else tzinfo)

    @classmethod
    def fromordinal(cls, n):
        return cls(*_ord2ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        if len(s) < 10:
            raise ValueError("Invalid isoformat string: %r" % (s,))
        try:
            d = date.fromisoformat(s[:10])
        except ValueError:
            raise ValueError("Invalid isoformat string: %r" % (s,))
        if len(s) == 10:
            return cls(d.year, d.month, d.day)
        if s[10] not in "T ":
            raise ValueError("Invalid isoformat string: %r" % (s,))
        h, mi, sec, us, tz = _parse_isotime(s[11:])
        return cls(d.year, d.month, d.day, h, mi, sec, us, tz)

    @classmethod
    def strptime(cls, string, fmt):
        return cls(*_strptime(string, fmt))

    def date(self):
        return date(self._y, self._m, self._d)

    def time(self):
        return time(self._h, self._mi, self._s, self._us)

    def timetz(self):
        return time(self._h, self._mi, self._s, self._us, self._tz)

    def utcoffset(self):
        return None if self._tz is None else self._tz.utcoffset(self)

    def dst(self):
        return None if self._tz is None else self._tz.dst(self)

    def tzname(self):
        return None if self._tz is None else self._tz.tzname(self)

    def timetuple(self):
        return _time_struct((self._y, self._m, self._d, self._h, self._mi, self._s, self.weekday(),
                             self.toordinal() - _ymd2ord(self._y, 1, 1) + 1, -1))

    def utctimetuple(self):
        off = self.utcoffset()
        return (self - off if off else self).replace(tzinfo=None).timetuple()

    def timestamp(self):
        us = self._to_us() - _ymd2ord(1970, 1, 1) * _US_PER_DAY
        off = self.utcoffset()
        if off is not None:
            us -= off._us
        return us / 1000000

    def astimezone(self, tz=None):
        if tz is None:
            tz = timezone.utc
        off = self.utcoffset()
        utc = self.replace(tzinfo=None) - (off or timedelta(0))
        return tz.fromutc(utc.replace(tzinfo=tz))

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None,
                microsecond=None, tzinfo=True, *, fold=0):
        return type(self)(
            self._y if year is None else year, self._m if month is None else month,
            self._d if day is None else day, self._h if hour is None else hour,
            self._mi if minute is None else minute, self._s if second is None else second,
            self._us if microsecond is None else microsecond, self._tz if tzinfo is True else tzinfo)

    def isoformat(self, sep="T", timespec="auto"):
        return ("%04d-%02d-%02d%s" % (self._y, self._m, self._d, sep)
                + _format_time(self._h, self._mi, self._s, self._us, timespec)
                + _format_offset(self.utcoffset(), ":"))

    def __str__(self):
        return self.isoformat(" ")

    def strftime(self, fmt):
        return _wrap_strftime(self, fmt, self.timetuple())

    def __repr__(self):
        parts = [self._y, self._m, self._d, self._h, self._mi, self._s, self._us]
        if not parts[6]:
            parts.pop()
            if not parts[5]:
                parts.pop()
        s = ", ".join(str(p) for p in parts)
        if self._tz is not None:
            s += ", tzinfo=%r" % (self._tz,)
        return "datetime.datetime(%s)" % s

    def _cmp_us(self, other):
        if not isinstance(other, datetime):
            raise TypeError("can't compare datetime.datetime to %s" % type(other).__name__)
        a, b = self.utcoffset(), other.utcoffset()
        if (a is None) != (b is None):
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        return self._to_us() - (a._us if a else 0), other._to_us() - (b._us if b else 0)

    def __eq__(self, other):
        if not isinstance(other, datetime):
            return False
        if (self.utcoffset() is None) != (other.utcoffset() is None):
            return False
        a, b = self._cmp_us(other)
        return a == b

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        a, b = self._cmp_us(other)
        return a < b

    def __le__(self, other):
        a, b = self._cmp_us(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._cmp_us(other)
        return a > b

    def __ge__(self, other):
        a, b = self._cmp_us(other)
        return a >= b

    def __hash__(self):
        off = self.utcoffset()
        return hash(self._to_us() - (off._us if off else 0))

    def __add__(self, other):
        if isinstance(other, timedelta):
            return type(self)._from_us(self._to_us() + other._us, self._tz)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return type(self)._from_us(self._to_us() - other._us, self._tz)
        if isinstance(other, datetime):
            a, b = self._cmp_us(other)
            return timedelta._from_us(a - b)
        return NotImplemented


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = timedelta(microseconds=1)


def _strptime(string, fmt):
    y, m, d, hh, mi, ss, us = 1900, 1, 1, 0, 0, 0, 0
    pm = None
    tz = None
    i = 0
    j = 0
    n = len(string)

    def fail():
        raise ValueError("time data %r does not match format %r" % (string, fmt))

    def number(maxlen):
        nonlocal i
        start = i
        while i < n and i - start < maxlen and string[i].isdigit():
            i += 1
        if i == start:
            fail()
        return int(string[start:i])

    def name(names):
        nonlocal i
        for k, full in enumerate(names):
            if full and string[i:i + len(full)].lower() == full.lower():
                i += len(full)
                return k
        fail()

    while j < len(fmt):
        c = fmt[j]
        j += 1
        if c != "%":
            if c.isspace():
                while i < n and string[i].isspace():
                    i += 1
                continue
            if i >= n or string[i] != c:
                fail()
            i += 1
            continue
        if j >= len(fmt):
            raise ValueError("stray %% in format %r" % (fmt,))
        c = fmt[j]
        j += 1
        if c == "Y":
            y = number(4)
        elif c == "y":
            v = number(2)
            y = v + (2000 if v < 69 else 1900)
        elif c == "m":
            m = number(2)
        elif c == "d" or c == "e":
            while c == "e" and i < n and string[i] == " ":
                i += 1
            d = number(2)
        elif c == "H":
            hh = number(2)
        elif c == "I":
            hh = number(2)
        elif c == "M":
            mi = number(2)
        elif c == "S":
            ss = number(2)
        elif c == "f":
            start = i
            v = number(6)
            us = v * 10 ** (6 - (i - start))
        elif c == "p":
            k = name(("AM", "PM"))
            pm = k == 1
        elif c == "B":
            m = name(_MONTHNAMES)
        elif c == "b" or c == "h":
            m = name([x[:3] for x in _MONTHNAMES])
        elif c == "A":
            name(_DAYNAMES)
        elif c == "a":
            name([x[:3] for x in _DAYNAMES])
        elif c == "j":
            number(3)
        elif c == "z":
            if string[i:i + 1] == "Z":
                i += 1
                tz = timezone.utc
            else:
                start = i
                i += 1
                while i < n and (string[i].isdigit() or string[i] == ":"):
                    i += 1
                tz = _parse_isotz(string[start:i], string)
        elif c == "Z":
            name(("UTC", "GMT"))
        elif c == "%":
            if string[i:i + 1] != "%":
                fail()
            i += 1
        else:
            raise ValueError("'%s' is a bad directive in format '%s'" % (c, "%" + c))
    if i != n:
        raise ValueError("unconverted data remains: %s" % string[i:])
    if pm is not None:
        hh = hh % 12 + (12 if pm else 0)
    return y, m, d, hh, mi, ss, us, tz
