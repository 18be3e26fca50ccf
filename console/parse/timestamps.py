"""Turning the time notations found in logs into epoch seconds (UTC).

Naive times are taken as UTC: the agent runtime log writes ``UTC`` in its header, and a
service log without a zone is more often UTC than the reader's local time.

ISO 8601 goes to ``datetime.fromisoformat`` (C, a few microseconds, and since Python 3.11 it
takes ``,`` fractions, ``Z``, ``+0200`` and nanoseconds). The rest (month names, syslog
without a year, Apache's ``Thu May 16 ...``, Go's ``... -0400 EDT``) goes to python-dateutil's
parser, which is slow (about 80 us), so its callers cache by the time's text. Zone
abbreviations are resolved with a table of fixed offsets: an abbreviation names the offset
in force (PDT is UTC-7 whatever the date), which is why a table is right and a tz database
lookup is not needed.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from dateutil import parser as dateutil_parser

DAY: Final = 86400.0
MAX_EPOCH: Final = 253402300799.0  # 9999-12-31T23:59:59Z: beyond it no clock can show the time

# Zone abbreviations seen in logs, in seconds east of UTC. Ambiguous ones take the reading
# common in server logs (CST: US Central; IST: India; BST: British Summer Time).
ZONES: Final[dict[str, int]] = {
    "UTC": 0,
    "GMT": 0,
    "UT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 3600,
    "BST": 3600,
    "IST": 19800,
    "CET": 3600,
    "CEST": 7200,
    "MET": 3600,
    "MEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
    "AKST": -32400,
    "AKDT": -28800,
    "HST": -36000,
    "AST": -14400,
    "ADT": -10800,
    "NST": -12600,
    "NDT": -9000,
    "BRT": -10800,
    "ART": -10800,
    "JST": 32400,
    "KST": 32400,
    "HKT": 28800,
    "SGT": 28800,
    "AWST": 28800,
    "ACST": 34200,
    "ACDT": 37800,
    "AEST": 36000,
    "AEDT": 39600,
    "NZST": 43200,
    "NZDT": 46800,
    "SAST": 7200,
    "WIB": 25200,
    "PHT": 28800,
    "PKT": 18000,  # Pakistan (Go's time.Local in Asia/Karachi)
    "NPT": 20700,  # Nepal
    "ICT": 25200,  # Indochina (Bangkok, Ho Chi Minh City)
    "EAT": 10800,  # East Africa
    "WAT": 3600,  # West Africa
    "TRT": 10800,  # Turkey
    "GST": 14400,  # Gulf
}
MONTHS: Final[dict[str, int]] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_ENGLISH: Final = tuple(m.capitalize() for m in MONTHS)  # MONTHS' keys, January first
_TZINFOS: Final[dict[str, int]] = ZONES


# strftime's %b in the common European locales, as glibc's locale data writes it (abmon in
# localedata/locales/{es_ES,fr_FR,de_DE,it_IT,pt_PT,nl_NL}; pt_BR copies pt_PT), lower-cased,
# a trailing dot dropped (fr's "janv.", "sept."). Whole words: fr's "juin" and "juil." share
# their first three letters. Those that start as an English month does ("janv", "mars",
# "sept", es's "feb") are read by MONTHS already.
LOCALE_MONTHS: Final[dict[str, int]] = {
    # es_ES: ene feb mar abr may jun jul ago sep oct nov dic
    "ene": 1,
    "abr": 4,
    "ago": 8,
    "dic": 12,
    # fr_FR: janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc. (avril before
    # glibc 2.x's "avr.")
    "févr": 2,
    "avr": 4,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "août": 8,
    "déc": 12,
    # de_DE: Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez; Java's (CLDR's, JDK 9 on) "MMM":
    # Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez., de_AT's "Jän."
    "mär": 3,
    "märz": 3,
    "jän": 1,
    "okt": 10,
    "dez": 12,
    # it_IT: gen feb mar apr mag giu lug ago set ott nov dic
    "gen": 1,
    "mag": 5,
    "giu": 6,
    "lug": 7,
    "set": 9,
    "ott": 10,
    # pt_PT: jan fev mar abr mai jun jul ago set out nov dez
    "fev": 2,
    "out": 10,
    # nl_NL: jan feb mrt apr mei jun jul aug sep okt nov dec
    "mrt": 3,
    "mei": 5,
    # sv_SE: jan feb mar apr maj jun jul aug sep okt nov dec
    "maj": 5,
    # fi_FI: tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu (its
    # November "marras" starts as March does: looked up here before MONTHS)
    **{
        m: n
        for n, m in enumerate(
            [
                "tammi",
                "helmi",
                "maalis",
                "huhti",
                "touko",
                "kesä",
                "heinä",
                "elo",
                "syys",
                "loka",
                "marras",
                "joulu",
            ],
            1,
        )
    },
    # ru_RU: янв фев мар апр мая июн июл авг сен окт ноя дек (alt_mon's "май" since glibc
    # 2.27); journalctl's short output in a Russian locale writes them
    **{
        m: n
        for n, m in enumerate(
            ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
            1,
        )
    },
    "май": 5,
    # Java's (CLDR's) "MMM" in ru: янв. февр. мар. апр. мая июн. июл. авг. сент. окт. нояб. дек.
    "февр": 2,
    "сент": 9,
    "нояб": 11,
    # pl_PL (glibc's and CLDR's alike): sty lut mar kwi maj cze lip sie wrz paź lis gru
    "sty": 1,
    "lut": 2,
    "kwi": 4,
    "cze": 6,
    "lip": 7,
    "sie": 8,
    "wrz": 9,
    "paź": 10,
    "lis": 11,
    "gru": 12,
    # Java's MMM (and glibc's %b) in zh_CN: 一月 ... 十二月; in ja_JP 1月 ... 12月; ko_KR 1월
    **{
        f"{number}月": n
        for n, number in enumerate(
            ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), 1
        )
    },
    **{f"{n}月": n for n in range(1, 13)},
    **{f"{n}월": n for n in range(1, 13)},
}


def month_number(word: str) -> tuple[int, bool]:
    """A month's name (``May``, ``September``, ``Sept``; glibc's ``%b`` of another locale:
    ``dic``, ``févr``, ``juil``) as its number, and whether the name is English; (0, True)
    for no month."""
    low = word.lower()
    if len(low) > 3 and low in LOCALE_MONTHS:  # fi's "marras" (November), no "Mar..."
        return LOCALE_MONTHS[low], False
    if low[3:] == word[3:] and word.isascii():  # "Sept", "MAY"; not "DECIDE", nor "Marža"
        english = MONTHS.get(low[:3])
        if english is not None:
            return english, True
    return LOCALE_MONTHS.get(low, 0), False


def midnight(ts: float) -> float:
    """The UTC midnight at or before ``ts``."""
    return ts - (ts % DAY)


def parse_iso(text: str) -> float | None:
    """ISO 8601 (``T`` or space, optional fraction, ``Z``/offset/`` UTC``/`` PDT``) to epoch
    seconds."""
    s = text.strip()
    if len(s) < 10 or not s[:4].isdigit():
        return None
    c = s[-1]
    if (c.isalpha() and c != "Z") or s[4] == "/":  # a zone's name, or 2024/05/16
        got = parse_iso_zoned(s)
        return None if got is None else got[0]
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        # A space before the offset: Serilog's "... 21:53:37.311 -05:00", Go's "... +0000"
        # PostgreSQL's "... 19:43:51.938 +07" (a whole-hour zone, two digits).
        n = len(s)
        cut = n - 7 if s[-7:-6] == " " else n - 6 if s[-6:-5] == " " else -1
        if cut < 0 and s[-4:-3] == " ":
            cut = n - 4
        if cut < 10 or s[cut + 1] not in "+-":
            return None
        try:
            dt = datetime.fromisoformat(s[:cut] + s[cut + 1 :])
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def parse_iso_zoned(text: str) -> tuple[float, int] | None:
    """ISO 8601 to (epoch seconds, the offset it was written in, seconds east of UTC)."""
    s = text.strip()
    if len(s) < 10 or not s[:4].isdigit():
        return None
    offset: int | None = None
    sp = s.rfind(" ")
    if sp > 9 and s[sp + 1 : sp + 2].isalpha():
        # A zone abbreviation (``UTC``, ``CEST``), maybe after a numeric offset (Go's
        # ``-0400 EDT``): the offset wins, the name only confirms it.
        offset = ZONES.get(s[sp + 1 :].upper())
        if offset is None:
            return None
        s = s[:sp].rstrip()
        if s[-5:-4] in ("+", "-") and s[-4:].isdigit() and s[-6:-5] == " ":
            s = s[:-6] + s[-5:]
    if s[4:5] == "/":  # nginx's and Go's 2024/05/16
        s = s[:4] + "-" + s[5:7] + "-" + s[8:]
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone(timedelta(seconds=offset or 0)))
    try:
        off = dt.utcoffset()
        return dt.timestamp(), 0 if off is None else int(off.total_seconds())
    except (OverflowError, OSError, ValueError):
        return None


def parse_loose(text: str, ref: float) -> float | None:
    """A time in any notation dateutil reads (month names, ``Thu May 16 09:23:38 2024``,
    ``16-May-2024 09:23:38.123``, zone names); a missing year is inferred against ``ref``
    (see ``infer_year``). Slow: callers cache by text."""
    read = _loose_read(text)
    return None if read is None else _loose_placed(read, ref)


# Two leap years a text is read in: a year it wrote reads the same in both (a run of four
# digits is not enough: ".123456", "+0000"); a year-less one is read in 2000 and placed by
# infer_year. Leap years, so that a 29 February reads.
_YEARLESS_DEFAULTS: Final = (datetime(2000, 1, 1), datetime(2004, 1, 1))


def _loose_read(text: str) -> tuple[float, float, bool] | None:
    """dateutil's reading of ``text``, the same whatever the reference: its UTC time (in
    2000 when it wrote no year), its zone's offset in seconds, whether it wrote its year."""
    try:
        first, second = (_dateutil_dt(text, d) for d in _YEARLESS_DEFAULTS)
        offset = first.utcoffset()
    except _NOT_READ:
        return None
    east = offset.total_seconds() if offset is not None else 0.0
    return first.timestamp(), east, first.year == second.year


def _loose_placed(read: tuple[float, float, bool], ref: float) -> float | None:
    ts, east, has_year = read
    if not has_year:
        # the year placed on the text's own date (a zone can move its UTC date across 29
        # February or a new year)
        ts = infer_year(ts + east, ref) - east
    return ts if 0 < ts < MAX_EPOCH else None


# (and the zone's name in brackets after it, which dateutil cannot read)
_GMT_OFFSET: Final = re.compile(r"\bGMT([+-]\d\d:?\d\d)\b(?: \([^()]*\))?")
# What dateutil (and the datetime under it) raises for a text it cannot read as a time.
_NOT_READ: Final = (ValueError, OverflowError, OSError, TypeError, LookupError)


def _dateutil(text: str, default: datetime) -> float:
    """dateutil's reading of ``text`` (parts it lacks from ``default``), UTC when it names
    no zone; raises one of ``_NOT_READ`` when it has none."""
    return _dateutil_dt(text, default).timestamp()


def _dateutil_dt(text: str, default: datetime) -> datetime:
    """``_dateutil``'s reading as an aware datetime (its zone's offset kept)."""
    if "GMT+" in text or "GMT-" in text:
        # JavaScript's Date toString() ("Wed Oct 11 2023 03:12:13 GMT-0600"): the offset
        # after GMT is the zone's as ISO 8601 writes it (minus: west of UTC); dateutil reads
        # "GMT-0600" as POSIX's TZ would, the other way round (six hours east)
        text = _GMT_OFFSET.sub(r"\1", text)
    with warnings.catch_warnings():
        # dateutil warns of a word it takes for an unknown zone (on stderr: into the
        # terminal under the console); the word is then no zone, and the time UTC.
        warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
        dt = dateutil_parser.parse(text, default=default, tzinfos=_TZINFOS)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


# Two defaults unlike in every part a date has: what dateutil filled in from one, the other
# shows (``Jan 2024 10:00:00`` has no day: read as the 1st under one, the 2nd under the other).
_DEFAULTS: Final = (datetime(2001, 1, 1), datetime(2002, 2, 2))
_LOOSE_WHOLE: Final[dict[str, float | None]] = {}


def loose_whole(text: str) -> float | None:
    """A time dateutil reads in ``text`` that writes its year, month, day and time of day
    itself: read under two unlike defaults, taken only when both agree (else dateutil filled
    a part in). Remembered by text, as ``loose_cached``."""
    try:
        return _LOOSE_WHOLE[text]
    except KeyError:
        pass
    if len(_LOOSE_WHOLE) >= 4096:
        _LOOSE_WHOLE.clear()
    read: list[float] = []
    for default in _DEFAULTS:
        try:
            read.append(_dateutil(text, default))
        except _NOT_READ:
            break
    ts = read[0] if len(read) == 2 and read[0] == read[1] and 0 < read[0] < MAX_EPOCH else None
    _LOOSE_WHOLE[text] = ts
    return ts


# How far past ``ref`` a year-less date of ref's own month may be and still be of ref's year
# (a file's lines are written before its last change; a zone's hours and a copy's delay aside).
_AFTER_REF: Final = 2 * 86400.0


def infer_year(ts: float, ref: float) -> float:
    """A time whose log left out the year (syslog, glog), placed in the twelve months that
    end with ``ref``'s month: a December line read in January is the year before's, a line
    of ``ref``'s month (or one before it) ``ref``'s year, unless it is more than two days
    past ``ref`` itself (a file last changed on 1 June holds no line of 23 June that year:
    that June is the year before's)."""
    dt = datetime.fromtimestamp(ts, UTC)
    r = datetime.fromtimestamp(ref, UTC)
    year = (r.year * 12 + r.month - dt.month) // 12  # ref's month - 11 <= its month <= ref's
    for candidate in range(year, year - 8, -1):  # 29 February: the leap year at or before
        try:
            placed = dt.replace(year=candidate).timestamp()
        except ValueError:
            continue
        if placed > ref + _AFTER_REF and candidate == r.year and dt.month == r.month:
            continue  # later in ref's month than ref itself: that month a year before
        return placed
    return ts


_YEAR: Final = 365.2425 * 86400.0


def years_on(ts: float, years: int) -> float:
    """``ts`` on the same day and time ``years`` later (earlier when negative); 29 February
    in a year without one is the 28th."""
    when = datetime.fromtimestamp(ts, UTC)
    try:
        return when.replace(year=when.year + years).timestamp()
    except ValueError:
        return when.replace(year=when.year + years, day=28).timestamp()


def whole_years(delta: float) -> int:
    """How many calendar years a move of ``delta`` seconds is, if it is one (a year's guess
    corrected: the same day and time, give or take a leap day), else 0."""
    years = round(delta / _YEAR)
    return years if years and abs(delta - years * _YEAR) < 2 * 86400.0 else 0


def following(last: float) -> float:
    """The reference ``infer_year`` places a year-less date against in a log whose last time
    was ``last``: seven months after ``last``'s month, so the next line's month is from four
    months before ``last``'s (lines out of order, files merged: loghub's Proxifier goes from
    10.30 back to 07.26; a January file with a December line, the year before's) to seven
    after it (a file spanning months; December then January rolls over). A month eight to
    eleven ahead is the year before's: the times of the file stay the closest to monotonic
    (going back four months at most, rather than ahead eight or more)."""
    dt = datetime.fromtimestamp(last, UTC)
    months = dt.year * 12 + dt.month - 1 + 7
    return datetime(months // 12, months % 12 + 1, 15, tzinfo=UTC).timestamp()


def seconds_east(zone: str) -> int:
    """A numeric zone's offset east of UTC in seconds: ``+0530``, ``-08:00``, ``+08`` (Go's
    stand-in for a zone without a name); the caller has checked its shape."""
    digits = zone[1:].replace(":", "")
    east = int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60
    return east if zone[0] == "+" else -east


def fraction_end(text: str, at: int) -> int:
    """Where a time's seconds end: ``at``, or past the fraction that follows there (``.123``,
    ``,123``: some servers log milliseconds with a comma)."""
    if text[at : at + 1] not in (".", ","):
        return at
    end = at + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    return end


def month_day_time(month: int, day: int, hms: str, offset: int, ref: float) -> float | None:
    """A year-less ``month day HH:MM:SS[.frac]`` (syslog, glog) to epoch seconds."""
    try:
        h, mi, sec = int(hms[0:2]), int(hms[3:5]), int(hms[6:8])
        frac = float("0" + hms[8:]) if len(hms) > 9 and hms[8] in ".," else 0.0
        year = datetime.fromtimestamp(ref, UTC).year
        t = datetime(year, month, day, h, mi, sec, tzinfo=UTC).timestamp() - offset
    except ValueError:
        if month == 2 and day == 29:
            t = datetime(2024, 2, 29, tzinfo=UTC).timestamp()  # placed by infer_year
        else:
            return None
    return infer_year(t, ref) + frac


def parse_clf(text: str) -> float | None:
    """Common Log Format's ``10/Oct/2000:13:55:36 -0700`` (werkzeug: a space, no zone); the
    month also in another locale's abbreviation, as a Java server's access log writes it in
    that locale (logback-access, Tomcat: es's ``01/dic./2024:19:36:19 -0500``). Remembered:
    a busy access log writes the same second on many lines, and a datetime costs more than
    the rest of the line's reading."""
    ts = _CLF_SEEN.get(text, _UNSEEN)
    if ts is _UNSEEN:
        ts = _parse_clf(text)
        if len(_CLF_SEEN) >= 4096:
            _CLF_SEEN.clear()
        _CLF_SEEN[text] = ts
    return ts


_CLF_SEEN: dict[str, float | None] = {}
_UNSEEN: Final[Any] = object()


def _parse_clf(text: str) -> float | None:
    if len(text) < 20 or text[2] != "/":
        return None
    month = MONTHS.get(text[3:6].lower()) if text[6] == "/" else None
    if month is None:
        j = text.find("/", 4, 12)
        if j == 5 and text[3:5].isdigit():
            # the month's number (Cloud Foundry's gorouter: "[01/07/2016:09:41:46.824 +0000]")
            month = int(text[3:5]) if 1 <= int(text[3:5]) <= 12 else 0
        else:
            month = month_number(text[3:j].rstrip("."))[0] if j > 0 else 0
        if not month:
            return None
        text = f"{text[:3]}{_ENGLISH[month - 1]}{text[j:]}"  # as an English one
        if len(text) < 20:
            return None
    if text[11] not in ": ":  # (its month's slash at 6, as read or as rewritten)
        return None
    try:
        dt = datetime(
            int(text[7:11]),
            month,
            int(text[0:2]),
            int(text[12:14]),
            int(text[15:17]),
            int(text[18:20]),
            tzinfo=UTC,
        )
        ts = dt.timestamp()
        i = fraction_end(text, 20)
        if i > 21:
            ts += float("0." + text[21:i])
        zone = text[i:].strip()
        if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit():
            ts -= seconds_east(zone)
        elif zone:
            z = ZONES.get(zone.upper())
            if z is None:
                return None
            ts -= z
    except ValueError:
        return None
    return ts


def parse_epoch(value: float) -> float | None:
    """Epoch seconds, milliseconds, micro- or nanoseconds (told apart by magnitude). Below
    1e8 (1973) a number is not a time a log was written at: OpenTelemetry's 0 is "unknown",
    and a "time": 0.25 is a duration."""
    if not math.isfinite(value) or value < 1e8:
        return None
    if value > 1e17:
        value /= 1e9
    elif value > 1e14:
        value /= 1e6
    elif value > 1e11:
        value /= 1e3
    return float(value) if value < MAX_EPOCH else None


def parse_time_value(value: Any) -> float | None:
    """A JSON timestamp value: ISO string, epoch number, a numeric string, or any other
    notation dateutil reads (``Thu, 16 May 2024 09:23:38 GMT``)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            return parse_epoch(float(value))
        if isinstance(value, str) and value:
            if value[0].isdigit() and len(value) >= 10 and value[4:5] in ("-", "/"):
                return parse_iso(value)
            c = value[0]
            if value[2:3] == "/":  # nginx's $time_local in a JSON log_format
                return parse_clf(value)
            if c == "[" and value[3:4] == "/" and value[-1] == "]":
                return parse_clf(value[1:-1])  # Apache's %t (its brackets) in a JSON LogFormat
            if c.isdigit() or c == "-" or c == "+" or c == ".":
                return parse_epoch(float(value))
            return loose_cached(value, time.time()) if len(value) >= 8 else None
    except (ValueError, OverflowError):
        return None
    return None


_LOOSE: Final[dict[str, tuple[float, float, bool] | None]] = {}


def loose_cached(text: str, ref: float) -> float | None:
    """``parse_loose``, dateutil's reading remembered by text (logs repeat a second's time on
    many lines); a year-less one placed against each call's ``ref`` (the text alone does not
    say its year: another file's, or this one's before its year was known, may differ)."""
    try:
        read = _LOOSE[text]
    except KeyError:
        if len(_LOOSE) >= 4096:
            _LOOSE.clear()
        read = _LOOSE[text] = _loose_read(text)
    return None if read is None else _loose_placed(read, ref)
