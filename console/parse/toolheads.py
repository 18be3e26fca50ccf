"""Line heads of tools whose logs lnav knows by name and no layout of ours covered: strace's
pid before its time (``-f -tt``), CUPS' one-letter level before an access-log time, Robot
Framework's ``YYYYMMDD HH:MM:SS.mmm`` and Nextflow's year-less ``Mon-DD HH:MM:SS.mmm``. Each
gives where the rest of the line starts and what the head said; the text readers read the
rest as a line of its own."""

from __future__ import annotations

import re
from typing import Final

from console.parse.timestamps import MONTHS, fraction_end, month_day_time, parse_iso

# strace -f: "478760 12:21:46.359506 openat(...)" or "10000 1697048351.000561 ..." (-ttt);
# older releases: "[pid 478760] 12:21:46.359506 ...". The time is -tt's or -ttt's, always
# with microseconds.
_STRACE: Final = re.compile(
    r"(?:\[pid +(\d{1,7})\]|(\d{1,7})) (?=\d\d:\d\d:\d\d\.\d{6} |\d{10}\.\d{6} )"
)

# CUPS' error_log: "E [08/Jun/2013:11:28:58 -0700] msg", its LogLevel letters.
CUPS_LEVELS: Final = {
    "X": "CRITICAL",  # emerg
    "A": "CRITICAL",  # alert
    "C": "CRITICAL",
    "E": "ERROR",
    "W": "WARNING",
    "N": "INFO",  # notice
    "I": "INFO",
    "D": "DEBUG",
    "d": "DEBUG",  # debug2
}


def strace_pid(line: str) -> tuple[str, int] | None:
    """The traced process' pid and where the time after it starts."""
    m = _STRACE.match(line)
    if m is None:
        return None
    return m.group(1) or m.group(2), m.end()


def cups_level(line: str) -> str | None:
    """CUPS' level letter, when the line is ``L [dd/Mon/yyyy:HH:MM:SS zone] ...``."""
    if line[1:3] != " [" or line[5:6] != "/" or line[9:10] != "/":
        return None
    return CUPS_LEVELS.get(line[0])


def compact_date(line: str) -> tuple[float, int] | None:
    """``20260327 11:34:21.908`` (Robot Framework's syslog, others' ``%Y%m%d %H:%M:%S``; a
    tab between them, an application's tab-separated columns ``20260327<TAB>11:34:21<TAB>``):
    the time (no zone: UTC) and where the rest starts."""
    if line[8:9] not in (" ", "\t") or line[11:12] != ":" or line[14:15] != ":":
        return None
    if not line[:8].isdigit():
        return None
    end = fraction_end(line, 17)
    iso = f"{line[0:4]}-{line[4:6]}-{line[6:8]}T{line[9:end].replace(',', '.')}"
    ts = parse_iso(iso)
    if line[end : end + 1] == "\t":
        end += 1  # the columns' separator, not the message's
    return None if ts is None else (ts, end)


# A TAI64N label, ``@`` and 24 hex digits (daemontools' multilog ``t``, runit's svlogd -t,
# s6-log): 2^62 + TAI seconds, then nanoseconds (cr.yp.to/libtai/tai64.html). multilog takes
# the clock's Unix seconds + 2^62 + 10 (libtai's taia_now: TAI-UTC was 10 s in 1972, later
# leap seconds are not counted), and tai64nlocal takes the same 10 s back: so do we, giving
# the clock's own time.
_TAI64_BASE: Final = (1 << 62) + 10


def tai64n(line: str) -> tuple[float, int] | None:
    """``@4000000066669985...`` opening a line: the time and where the rest starts."""
    if line[25:26] not in (" ", "") or line[1:8] != "4000000":
        return None
    try:
        secs, nanos = int(line[1:17], 16), int(line[17:25], 16)
    except ValueError:
        return None
    if len(line) < 25 or nanos >= 1_000_000_000:
        return None
    return secs - _TAI64_BASE + nanos / 1e9, 26


def month_dash_day(line: str, ref: float) -> tuple[float, int] | None:
    """Nextflow's ``Mar-18 21:41:15.684`` (no year: placed against ``ref``, as syslog's)."""
    if line[3:4] != "-" or line[6:7] != " " or line[9:10] != ":" or not line[4:6].isdigit():
        return None
    month = MONTHS.get(line[:3].lower())
    if month is None:
        return None
    end = fraction_end(line, 15)
    try:
        ts = month_day_time(month, int(line[4:6]), line[7:end], 0, ref)
    except ValueError:
        return None
    return None if ts is None else (ts, end)


# SSSD's debug level, a bit of its mask, in "(time): [component] [function] (0x0040): msg"
# (sss_debug.h: 0x0010 fatal, 0x0020 critical, 0x0040 operation failures, 0x0080 minor
# failures; 0x0100 and above configuration, function data and tracing).
_SSSD: Final = re.compile(r"\] \((0x[0-9a-f]{4})\): ")
_SSSD_LEVELS: Final = {
    "0x0010": "FATAL",
    "0x0020": "CRITICAL",
    "0x0040": "ERROR",
    "0x0080": "WARNING",
}


def sssd_level(line: str) -> str | None:
    """SSSD's level, when the line has its ``[function] (0xNNNN): `` head."""
    if line[:1] != "(":
        return None
    m = _SSSD.search(line, 0, 200)
    if m is None:
        return None
    return _SSSD_LEVELS.get(m.group(1), "DEBUG" if m.group(1) >= "0x0200" else "INFO")


# CoreDNS' log plugin, its default format: '{remote}:{port} - {>id} "{type} {class} {name}
# {proto} {size} {>do} {>bufsize}" {rcode} {>rflags} {rsize} {duration}' (duration in Go's
# seconds, "0.000150566s").
_COREDNS: Final = re.compile(
    r'(\S+) - (\d+) "(\S+) (\S+) (\S+) (\S+) \d+ (?:true|false) \d+" ([A-Z]+) (\S+) (\d+) '
    r"(\d+(?:\.\d+)?)s\b"
)


def coredns_query(message: str) -> tuple[dict[str, object], float] | None:
    """A CoreDNS query line's fields and its duration in ms."""
    m = _COREDNS.match(message)
    if m is None:
        return None
    fields: dict[str, object] = {
        "client": m.group(1),
        "qtype": m.group(3),
        "name": m.group(5),
        "proto": m.group(6),
        "rcode": m.group(7),
    }
    return fields, float(m.group(10)) * 1000.0
