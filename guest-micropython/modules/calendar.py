# calendar: leap years, month lengths, weekdays, day/month names and text calendars
# (weeks start on Monday, as in CPython's default).

import datetime as _dt

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
day_name = list(_dt._DAYNAMES)
day_abbr = [d[:3] for d in day_name]
month_name = list(_dt._MONTHNAMES)
month_abbr = [m[:3] for m in month_name]
mdays = list(_dt._DAYS_IN_MONTH)
_firstweekday = 0


class IllegalMonthError(ValueError):
    def __init__(self, month):
        self.month = month

    def __str__(self):
        return "bad month number %r; must be 1-12" % self.month


def isleap(year):
    return _dt._is_leap(year)


def leapdays(y1, y2):
    y1 -= 1
    y2 -= 1
    return (y2 // 4 - y1 // 4) - (y2 // 100 - y1 // 100) + (y2 // 400 - y1 // 400)


def weekday(year, month, day):
    return _dt.date(year, month, day).weekday()


def monthrange(year, month):
    if not 1 <= month <= 12:
        raise IllegalMonthError(month)
    return weekday(year, month, 1), _dt._days_in_month(year, month)


def firstweekday():
    return _firstweekday


def setfirstweekday(wd):
    global _firstweekday
    _firstweekday = wd


def monthcalendar(year, month):
    first, ndays = monthrange(year, month)
    offset = (first - _firstweekday) % 7
    days = [0] * offset + list(range(1, ndays + 1))
    days += [0] * (-len(days) % 7)
    return [days[i:i + 7] for i in range(0, len(days), 7)]


def weekheader(width):
    names = day_name if width >= 9 else day_abbr
    return " ".join(names[(i + _firstweekday) % 7][:width].center(width) for i in range(7))


def month(theyear, themonth, w=0, l=0):
    w = max(2, w)
    l = max(1, l)
    width = 7 * (w + 1) - 1
    lines = [("%s %r" % (month_name[themonth], theyear)).center(width).rstrip(), weekheader(w).rstrip()]
    for week in monthcalendar(theyear, themonth):
        lines.append(" ".join("%*s" % (w, "%d" % d if d else "") for d in week).rstrip())
    return ("\n" * l).join(lines) + "\n" * l


def prmonth(theyear, themonth, w=0, l=0):
    print(month(theyear, themonth, w, l), end="")


def timegm(tuple):
    year, month, day, hour, minute, second = tuple[:6]
    days = _dt.date(year, month, 1).toordinal() - _dt.date(1970, 1, 1).toordinal() + day - 1
    return ((days * 24 + hour) * 60 + minute) * 60 + second


class Calendar:
    def __init__(self, firstweekday=0):
        self.firstweekday = firstweekday

    def iterweekdays(self):
        for i in range(7):
            yield (i + self.firstweekday) % 7

    def itermonthdays(self, year, month):
        first, ndays = monthrange(year, month)
        offset = (first - self.firstweekday) % 7
        days = [0] * offset + list(range(1, ndays + 1))
        return iter(days + [0] * (-len(days) % 7))

    def itermonthdates(self, year, month):
        first, ndays = monthrange(year, month)
        start = _dt.date(year, month, 1) - _dt.timedelta(days=(first - self.firstweekday) % 7)
        total = (first - self.firstweekday) % 7 + ndays
        total += -total % 7
        for i in range(total):
            yield start + _dt.timedelta(days=i)

    def monthdayscalendar(self, year, month):
        days = list(self.itermonthdays(year, month))
        return [days[i:i + 7] for i in range(0, len(days), 7)]


class TextCalendar(Calendar):
    def formatmonth(self, theyear, themonth, w=0, l=0):
        old = _firstweekday
        setfirstweekday(self.firstweekday)
        try:
            return month(theyear, themonth, w, l)
        finally:
            setfirstweekday(old)
