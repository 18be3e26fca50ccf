"""The general fallbacks for a line of no known layout: a time anywhere near its head, a level
under any common key. Called only when the known layouts and keys gave nothing, so a line
that already parses pays nothing for them.

Rules (docs/log-formats.md, section 7):

* Text: the first date-and-time in the first 120 characters, at most three words after the
  line's start (or right after ``[ ( = "``): ``2024-05-16``/``2024/05/16``/``2024.05.16``,
  ``16-May-2024``, ``16May2024`` (log4j's ``ddMMMyyyy``), ``May 16, 2024``, ``May 16``,
  ``16 May`` or ``16-May`` (year-less; Bacula), numeric ``a/b/yyyy`` or ``a/b/yy``, year-less
  ``MM/DD`` before a time to the second, then a time (``HH:MM[:SS[.frac]]``, optional
  ``AM``/``PM``, zone), ``|`` or `` [`` allowed between them. A date after a record's numeric
  columns (a PBX's call record) counts as near the head. A numeric date is month-first when
  written with ``/`` (the US habit: cPanel, Suricata, ZoneMinder, Windows' ``en-US``),
  day-first with ``.`` or ``-`` (the European habit); a first or second number above 12
  settles it the other way. With a two-digit year, a locale's short date (WebSphere's head):
  ``yy-M-d`` year first with ``-`` (zh_CN), ``yy/MM/dd`` when the first is above 31 (ja),
  hu's ``2024. 01. 07.`` and ko's ``24. 1. 7.`` (_numeric_date). Failing a date,
  an epoch token of 10, 13, 16 or 19 digits (s, ms, µs, ns; ``audit(1690000000.123:456)``) that
  falls in 2000-2100, at the line's start or right after ``[ ( " @``, or after ``=`` when the
  key says time (``ts=``, not a JVM's ``-XX:MaxHeapSize=1073741824``) and the pair stands at
  most three words in or after other pairs only (not a packet's ``rxtime=`` past a sentence).
* A quoted CSV record (Asterisk's Master.csv): its first column that is wholly a date-time.
* JSON: with none of the known time keys, the first key whose name says time (``*time*``,
  ``*timestamp*``, ``*date*``, ``ts``, ``*_at``/``*At``) and whose value is a time in
  2000-2100; else an audit ID ``"1690000000.123:456"``. With no known level key, the first key
  spelled as a level (``level``, ``lvl``, ``severity``, ``levelName``, ``log_level``,
  ``priority`` ... in any case, with ``_``/``-``/``.``) whose value is a level word.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from http import HTTPStatus
from typing import Any, Final

from console.parse import levels
from console.parse.measures import (
    AUTO,
    DURATION,
    DURATION_UNITS,
    HTTP_STATUS,
    MS,
    NS,
    RENDER_MS,
    ROLES,
    STATUS,
    TASK_MS,
    UPSTREAM_MS,
    US,
    S,
    duration_ms,
    duration_text,
    quotes_a_line,
    status_code,
)
from console.parse.timestamps import (
    MONTHS,
    ZONES,
    infer_year,
    loose_whole,
    month_number,
    parse_iso,
    parse_time_value,
    seconds_east,
)

LOW: Final = 946684800.0  # 2000-01-01
HIGH: Final = 4102444800.0  # 2100-01-01
HEAD: Final = 120

# (WebSphere's and Open Liberty's ``HH:mm:ss:SSS``: the milliseconds after a colon, three
# digits.)
_TIME = (
    r"(?P<h>\d\d?):(?P<mi>\d\d)(?::(?P<s>\d\d)(?:(?:[.,]|:(?=\d{3}(?![\d:])))(?P<f>\d{1,9}))?)?"
    r"(?:\s?(?P<ampm>[AaPp][Mm])\b)?"
    # "-05": an offset in hours only (Go's "-07", PostgreSQL's %t, the DataStax driver's log)
    # JavaScript's Date toString(): "GMT+0800 (China Standard Time)", the offset after GMT
    r"(?:\s?(?P<zone>Z\b|[+-]\d\d:?\d\d\b|[+-](?:0\d|1[0-4])\b|GMT[+-]\d{4}\b|[A-Z]{2,5}\b))?"
)
# A month's name, English or another locale's (Latin letters with accents: fr's "févr",
# "déc", "août", de's "Mär", pl's "paź"; Cyrillic: ru's "июл", log4j's "dd MMM yyyy" in ru,
# "15 июл. 2026 18:50:02,398"; zh's "九月", ja's "9月", ko's "9월"); month_number says
# which, if any.
_MON = r"(?:[A-Za-zÀ-ÿĀ-žЁА-яё]{3,9}|[一二三四五六七八九十]{1,3}月|1?\d[月월])"
# ``|`` between a record's columns (a PBX's call record: ``22.12.06|16:11:20|...``); `` [``
# before a bracketed time (PocketMine's ``2019-03-21 [17:32:34]``).
_SEP = r"(?P<sep>(?:[T_ ,:|\[-]|\s-\s|\s+time=\"?){1,3})"
_ANY: Final = re.compile(
    r"(?<![\w.:/])(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,? +)?(?:"
    r"(?P<y1>\d{4})(?P<s1>[-/.])(?P<mo1>\d\d?)(?P=s1)(?P<d1>\d\d?)"
    r"|(?P<a>\d\d?)(?P<s2>[/.-])(?P<b>\d\d?)(?P=s2)(?P<y2>\d{4}|\d\d?)"
    # Year first, each number closed by a dot: CLDR's short date for hu ("2024. 01. 01.",
    # Java 8 COMPAT's "2024.01.01.") and ko ("24. 5. 16."), WebSphere's and Liberty's head
    r"|(?P<y9>\d{4}\. ?|\d\d\. )(?P<mo9>\d\d?)\. ?(?P<d9>\d\d?)\."
    # log4j's/SimpleDateFormat's "ddMMMyyyy" (Forge's "10Jun2024"), a locale's "29Nov.2024"
    r"|(?P<d3>\d\d?)[- /]?(?P<mon3>" + _MON + r")\.?[- /,]*(?P<y3>\d{4}|\d\d(?= \d\d?:\d\d))"
    r"|(?P<d5>\d\d?)[ -](?P<mon5>" + _MON + r")\.?"
    r"|(?P<y6>\d{4}) (?P<mon6>[A-Z][a-z]{2}) (?P<d6>\d\d?)"  # WeeChat's "%Y %b %d"
    r"|(?P<mon4>" + _MON + r")\.? +(?P<d4>\d\d?)(?:st|nd|rd|th)?(?:,? +(?P<y4>\d{4}))?"
    r"|(?P<mo7>\d\d)/(?P<d7>\d\d)(?![/\d])"  # a PBX's year-less "12/25 17:06:12"
    # ISO 8601's basic date, yyyyMMdd, before a time with its colons (log4j's
    # "[%-5p][%d{yyyyMMdd HH:mm:ss,SSS}]", C programs' "%Y%m%d %H:%M:%S")
    r"|(?P<y10>(?:19|20)\d\d)(?P<mo10>0[1-9]|1[0-2])(?P<d10>0[1-9]|[12]\d|3[01])(?=[ T-]\d)"
    r")"
    + _SEP
    + _TIME
    # The year after the time and its zone, behind a weekday: Java's Date.toString() ("Tue
    # Jul 19 19:57:51 BRT 2022", Derby's boot banner), `date`, ctime ("Fri Oct 21 16:51:12
    # 2022"); _from_match takes it only for a year-less date opened by a weekday.
    + r"(?: (?P<y8>(?:19|20)\d\d)(?![\w.]))?"
)
_EPOCH: Final = re.compile(
    r"(?<![\w.:/-])(?P<n>\d{10}|\d{13}|\d{16}|\d{19})(?P<f>\.\d{1,9})?(?![\w.]|:\d\d:)"
)
_ESCAPED_ANSI: Final = re.compile(r"\\(?:x1b|u001b)\[[0-9;]*m")
_AUDIT_ID: Final = re.compile(r"(?:audit\()?(\d{10})(\.\d+)?:\d+\)?:?")


def head_time(line: str, ref: float) -> float | None:
    """The first date-and-time near a line's head (rules above), else an epoch token."""
    found = dated_head(line, ref)
    return None if found is None else found[0]


def head_end(line: str) -> int:
    """Where a date-and-time opening the line ends (dated_head's notations), else -1."""
    m = _ANY.match(line, 0, HEAD)
    return m.end() if m is not None else -1


_BOX_SIDES: Final = frozenset("│┃║╎╏┆┇┊┋")


def _mangled(sides: str) -> frozenset[str]:
    """Each box side's UTF-8 bytes as a console of another code page shows them (a Windows
    console's 437 or 850, a file read as Windows-1252): "│" becomes "Γöé", "Ôöé", "â”‚"."""
    out = set()
    for c in sides:
        for page in ("cp437", "cp850", "cp1252"):
            try:
                out.add(c.encode().decode(page))
            except UnicodeDecodeError:
                continue
    return frozenset(out)


_BOX_SIDES_MANGLED: Final = _mangled("│┃║")


def dated_head(line: str, ref: float) -> tuple[float, bool] | None:
    """``head_time``'s time, and whether the line wrote its year (Bacula's ``23-Jan 12:18``
    did not: placed against ``ref``, a guess the parser may correct, section 4)."""
    if line[:1] in _BOX_SIDES or line[:3] in _BOX_SIDES_MANGLED:
        # a box's row a CLI draws (Strapi's "│ Time │ Tue Jan 20 2026 ..."), its UTF-8
        # shown in another code page by a Windows console ("Γöé Time ..."): data
        return None
    if "\\x1b[" in line or "\\u001b[" in line:  # a terminal's colours written out as text
        line = _ESCAPED_ANSI.sub("", line)
    for m in _ANY.finditer(line, 0, HEAD):
        if not _near_head(line, m.start()) or _build_stamp(line, m.start()):
            return None
        if date_shown(line, m.start()):
            return None  # (curl -v's certificate "*  start date: Sep  9 07:08:15 2023 GMT")
        if m.group("mo7") and not _after_columns(line, m.start()):
            continue  # a count's step after a word ("Epoch 3/10 00:01:23", "test 05/05 ...")
        found = _match_time(m, ref)
        if found is not None:
            return found
    for m in _EPOCH.finditer(line, 0, HEAD):
        at = m.start()
        if at > 2 and line[at - 2 : at] == ": " and line[: at - 2].lower() in _EPOCH_LABELS:
            pass  # labelled, opening the line ("Timestamp: 1723345218900, Message: ...")
        elif at and line[at - 1] not in '[(="@':
            continue  # a bare number in a message is more often an ID than a time
        if at > 1 and line[at - 1] == "[" and line[at - 2].isalnum():
            continue  # an index after a name (utiltrace's Trace[1917639367]), not a time
        if at > 1 and line[at - 1] in '(["' and not _near_head(line, at - 1):
            # a value the message prints (Kamailio's "list version: 1 (1785186633)", a JSON
            # payload's "1383120072 s" in Socket.IO's debug line)
            continue
        if (
            at > 1
            and line[at - 1] == "("
            and (line[at - 2].isalnum() or line[at - 2] == "_")
            and not _TIMELIKE_CALL.search(line, max(0, at - 12), at)
        ):
            # a call's argument (Rails' "SELECT pg_try_advisory_lock(1662137093969659965)",
            # its migrations' lock id, was read as nanoseconds: 2022), not a time; auditd's
            # "audit(1364481363.243:24287)", a "Timestamp(1567416000, 1)", "ts(...)" are
            continue
        if at and line[at - 1] == "=":
            key = _key_before(line, at - 1)
            if not _says_time(key):
                continue  # a size or a count under its name (a JVM's -XX:MaxHeapSize=1073741824)
            if not _pair_near_head(line, at - 1 - len(key)):
                continue  # a field the message prints (a packet's rxtime=), not the line's stamp
        n = m.group("n")
        scale = 10.0 ** (len(n) - 10)
        ts = int(n) / scale + (float(m.group("f")) if m.group("f") else 0.0)
        # (never years after the file's last change or now: etcd's raft "voters=(2583549131
        # 277751082)", a member's ID, read as nanoseconds was 2051)
        if LOW <= ts < HIGH and ts < ref + _EPOCH_AHEAD:
            return ts, True
    return None


_EPOCH_AHEAD: Final = 3 * 365 * 86400.0
# A line's own stamp by its name, opening the line; a time key further in is a field the
# message quotes ("createdAt: 1577836800000", a printed record's "timestamp: ...")
_EPOCH_LABELS: Final = frozenset({"timestamp", "time", "ts"})
_ENV_ASSIGNMENT: Final = re.compile(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+=")


def env_assignment(line: str) -> bool:
    """Is the line an environment variable printed alone (Airflow's "Exporting the following
    env vars:", then "AIRFLOW_CTX_EXECUTION_DATE=2019-10-22T00:00:00+00:00")? Its date is a
    setting's value, no time of the line's."""
    return line[:1].isupper() and " " not in line and _ENV_ASSIGNMENT.match(line) is not None


# A call whose name says its argument is a time (see dated_head).
_TIMELIKE_CALL: Final = re.compile(r"(?i)(?:audit|time|timestamp|stamp|date|ts)\($")


# A quoted CSV column that is wholly a date-time: Asterisk's cdr_csv Master.csv (cdr_csv.c:
# accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start,
# answer, end, duration, billsec, ...), its start often past the head's 120 characters.
_QUOTED_DATE: Final = re.compile(
    r'(?:^|,)"(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)"(?=,|\s*$)'
)


def quoted_column_time(line: str) -> float | None:
    """A CSV record's first quoted column that is a date and a time with its year (a call
    record's start: the answer and end columns come after it); none for a line of no quoted
    columns."""
    if '","' not in line:
        return None
    m = _QUOTED_DATE.search(line)
    if m is None:
        return None
    ts = parse_iso(m.group(1))
    return ts if ts is not None and LOW <= ts < HIGH else None


_WEEKDAYS: Final = frozenset(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


def only_time(text: str) -> bool:
    """Is ``text`` a date and time and nothing else (Oracle's alert log's ``Mon Mar 04
    02:10:07 2024`` line, the entry's message on the lines under it)?"""
    return _ANY.fullmatch(text) is not None


# A key or word before a date the line talks about, a lifetime's end or a schedule's run
# (a certificate's ``notAfter=Jun  3 09:59:00 2025 GMT``, ``expires: 2025-05-18 21:00:00``,
# ``valid until``, ``next run:``, ``scheduled for``; the kubelet's certificate manager's
# ``Certificate expiration is 2025-06-01 ..., rotation deadline is ...``, a client cert's
# year ahead written on the day it was issued; curl -v's "expire date:"), closing right
# before the date.
_FUTURE_KEY: Final = re.compile(
    r"(?i)\b(?:not ?after|not ?before|expir(?:es|ed|y|ation|e)|valid(?: until| till| to| from)?"
    r"|until|till|next(?: run)?|scheduled(?: for| at| on)?|due(?: at| by| on)?"
    r"|renew(?:s|al|ed)?(?: at| on| by)?|deadline)"
    r"(?:[ _-]?(?:time|date|at|on))?(?: is)?\s*[:=]?\s*\"?$"
)


def after_future_key(text: str, start: int) -> bool:
    """Does a key of expiry, validity or a schedule close right before ``text[start:]``?"""
    return _FUTURE_KEY.search(text, max(0, start - 32), start) is not None


# A certificate's validity as curl -v prints it ("*  start date: Sep  9 07:08:15 2023 GMT",
# "*  expire date: ..."), an HTTP header's date ("< Expires: Thu, 19 Nov 1981 08:52:00 GMT",
# "< Last-Modified: ..."): dates the line shows, no time it was written at.
_SHOWN_DATE: Final = re.compile(
    r"(?i)(?:^\*  (?:start|expire) date: |^< (?:expires|last-modified|date): )$"
)


def date_shown(text: str, start: int) -> bool:
    """Is the date at ``start`` one a line shows as data (a key of expiry or a schedule
    before it, curl's certificate dates and response headers: rules above)?"""
    return after_future_key(text, start) or _SHOWN_DATE.match(text, 0, start) is not None


def dates_with_year(text: str) -> list[float]:
    """Every date-and-time in ``text`` that writes its year in full, in the notations above,
    standing as a word of its own wherever it stands (``Scheduled time: 23-Jan-2020
    12:18:48``, ``since=2020-01-24 09:35:05``). Not a date inside a name (``host-2014-05-20T
    18:07:40-537b``, a document's id), nor one with two digits for its year (``04/02/19``:
    which number is the year is not written), nor one after a key of expiry, validity or a
    schedule (``notAfter=``, ``expires:``, ``valid until``, ``next run:``, ``Scheduled time:``):
    a time the line talks about."""
    found = []
    for m in _ANY.finditer(text):
        g = m.group
        ref, year = 0.0, 0
        if not (g("y1") or g("y4") or g("y6") or len(g("y2") or g("y3") or g("y9") or "") >= 4):
            if not (g("y8") and g("mon4")):
                continue
            # ctime()'s "Thu Oct 25 13:39:31 2018": the year after the time (mcelog's TIME),
            # with or without the weekday _from_match asks of a line's head
            year = int(g("y8"))
            ref = datetime(year, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()
        if m.start() and text[m.start() - 1] == "-":
            continue
        if _FUTURE_KEY.search(text, max(0, m.start() - 32), m.start()) is not None:
            continue  # a lifetime's end, a schedule's next run: not when the line was written
        ts = _from_match(m, ref)
        if ts is not None and year and datetime.fromtimestamp(ts, UTC).year != year:
            continue  # a 29 February in another year, or a date read across its zone
        if ts is not None:
            found.append(ts)
    return found


# A build's or a test suite's own dated summary, in output whose lines carry no time: the date
# closing the line after a wording that says the run finished, started, passed or failed then
# (Maven's ExecutionEventLogger "Finished at: 2023-05-04T12:34:26+02:00", before 3.x Date's
# "Finished at: Wed Dec 09 06:20:24 PST 2009"; sbt's "Total time: 127 s, completed Oct 7, 2019
# 9:11:30 AM"; XCTest's "Test Suite 'All' started at 2018-01-22 03:03:22.064", "passed at
# ...", "failed at ..."). Its year written; a date with more after it is one a sentence talks
# about ("started at ... and then stalled").
_SUMMARY_AT: Final = re.compile(
    r"(?:\b[Ff]inished at:|\b[Ss]tarted at|\b[Pp]assed at|\b[Ff]ailed at|, completed) "
)


# PowerShell's transcript (Start-Transcript): its header's and footer's compact local times,
# and with -IncludeInvocationHeader each command's ("Start time: 20120422072755", "End time:
# ...", "Command start time: ..."), the lines between them of no time.
_TRANSCRIPT_TIME: Final = re.compile(
    r"(?:Command start time|Start time|End time): (\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$"
)


def summary_time(line: str, ref: float) -> float | None:
    """The time a run's dated summary line writes (rules above), else None."""
    if line[-1:].isdigit() and (t := _TRANSCRIPT_TIME.match(line)) is not None:
        y, mo, d, h, mi, s = t.groups()
        return parse_iso(f"{y}-{mo}-{d}T{h}:{mi}:{s}")
    m = _SUMMARY_AT.search(line, 0, HEAD + 40)
    if m is None:
        return None
    d = _ANY.match(line, m.end())
    if d is None or line[d.end() :].rstrip(" .\r") != "":
        return None
    found = _match_time(d, ref)
    return found[0] if found is not None and found[1] else None


# Maven's and sbt's whole build time on its summary line: "Total time:  40.152 s" (Maven 3.5
# and on, "02:14 min" from a minute, "01:02 h" from an hour), "Total time: 11:49.338s" (Maven
# 3.0, minutes:seconds), "Total time: 15 seconds" (Maven 2, "1 minute 5 seconds"), sbt's
# "Total time: 127 s, completed ...".
_BUILD_TOTAL: Final = re.compile(
    r"(?:^|\] |: )Total time: +(?:(?P<clock>(?:(?P<h>\d+):)?(?P<m>\d\d?):(?P<s>\d\d(?:\.\d+)?)) ?"
    r"(?P<cu>s|min|h)|(?P<words>\d+(?:\.\d+)? ?[a-z]+(?: \d+(?:\.\d+)? ?[a-z]+)?))(?:,|$)"
)


# curl's total time closing a line with no unit: ``-w 'Total time: %{time_total}'``, PHP's
# curl_getinfo() TOTAL_TIME (``REST cURL - Total time: 0.127004``): seconds, a float with its
# point (a whole number says no unit: none).
_BARE_TOTAL: Final = re.compile(r"(?:^|\] |: |- )Total time: +(\d+\.\d+)$")


# Gradle's result line (BuildResultLogger, TimeFormatting.formatDurationTerse, its zero
# parts left out): "BUILD SUCCESSFUL in 8m 8s", "in 2m", "in 1h 2m", "BUILD FAILED in
# 825ms", its logger's name before it at --debug.
_GRADLE_RESULT: Final = re.compile(
    r"(?:^|\] )BUILD (?:SUCCESSFUL|FAILED) in (\d+(?:h|ms|m|s)(?: \d+(?:h|ms|m|s)){0,3})$"
)


# CodeIgniter 2's and 3's Output::_display at debug, the request's benchmark closing its
# page ("DEBUG - 2016-08-02 00:41:58 --> Total execution time: 0.5588"): its seconds, four
# decimals (Benchmark::elapsed_time).
_CI_TOTAL: Final = re.compile(r"(?:^|--> |: )Total execution time: (\d+\.\d{4})$")


def page_total(message: str) -> float | None:
    """The time (ms) CodeIgniter says its request's page took (above), else None."""
    if "Total execution time: " not in message:
        return None
    m = _CI_TOTAL.search(message, max(0, len(message) - 40))
    return float(m.group(1)) * S if m is not None else None


# PackageKit's daemon, a transaction a user asked for done (pk-transaction.c: "%s transaction
# %s from uid %i finished with %s after %ims"): its role, id, caller, exit and ms.
_PACKAGEKIT_DONE: Final = re.compile(
    r"(?:^|: )[a-z-]+ transaction /\w+ from uid \d+ finished with [a-z-]+ after (\d+)ms$"
)


def packagekit_took(message: str) -> float | None:
    """The ms of a PackageKit transaction done (above), else None."""
    if " transaction /" not in message or not message.endswith("ms"):
        return None
    m = _PACKAGEKIT_DONE.search(message)
    return float(m.group(1)) if m is not None else None


def gradle_result(message: str) -> float | None:
    """A Gradle build's whole time (ms) its result line says (above), else None."""
    m = _GRADLE_RESULT.search(message) if "BUILD " in message else None
    return duration_text(m.group(1)) if m is not None else None


def build_total(message: str) -> float | None:
    """A build's whole time (ms) its summary line says (rules above), else None."""
    if "Total time: " not in message:
        return None
    m = _BUILD_TOTAL.search(message)
    if m is None:
        bare = _BARE_TOTAL.search(message)
        return float(bare.group(1)) * S if bare is not None else None
    if m.group("clock") is None:
        return duration_text(m.group("words"))
    a, b = int(m.group("m")), float(m.group("s"))
    unit = m.group("cu")
    if unit == "h":  # "01:02 h": hours and minutes
        return (a * 3600 + b * 60) * S
    if unit == "min" or m.group("h") is None:  # "02:14 min", "11:49.338s"
        return (a * 60 + b) * S
    return (int(m.group("h")) * 3600 + a * 60 + b) * S  # "1:02:03.456s"


# A date alone, ISO's ``2021-10-29``, standing as a word (not in a name, a version, a path,
# nor before a time: dates_with_year reads those).
_ISO_DAY: Final = re.compile(r"(?<![\w./-])(\d{4})-(\d\d)-(\d\d)(?![\w./:-]|[ T]\d)")


def days_with_year(text: str) -> list[float]:
    """Every ISO date without a time in ``text`` (its midnight, UTC), as a word of its own and
    not after a key of expiry or a schedule: anacron's ``Anacron 2.3 started on 2021-10-29``
    under a syslog head, which writes no year, says the year the entry was written in."""
    found = []
    for m in _ISO_DAY.finditer(text):
        if _FUTURE_KEY.search(text, max(0, m.start() - 32), m.start()) is not None:
            continue
        try:
            day = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=UTC)
        except ValueError:
            continue
        found.append(day.timestamp())
    return found


def _key_before(line: str, eq: int) -> str:
    """The key a ``key=value`` pair names, ending at ``eq``."""
    start = eq
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "_.-@"):
        start -= 1
    return line[start:eq]


def key_run_in(line: str, at: int) -> bool:
    """Does a ``key=`` end right before ``at`` whose key runs into a value before it (a dict
    printed without separators: "keywords=909timestamp=2016-03-31 15:39:00client_id=...",
    uWSGI's app printing a request's data)? No key opens with a digit: the date after it
    is data, no time of the line's."""
    return at > 1 and line[at - 1] == "=" and _key_before(line, at - 1)[:1].isdigit()


def _pair_near_head(line: str, at: int) -> bool:
    """Does a ``key=`` pair at ``at`` stand where a line's stamp stands: a few words in, or
    after nothing but other pairs (a logfmt record's ``ts=`` after ``level=``)? One past a
    sentence is a field the message prints (a radio's ``Queued reply (id=0x1a2b ...
    rxtime=1717408800)``)."""
    words = line[:at].split()
    return len(words) <= 3 or all("=" in w for w in words)


# A program's name and version before the parenthesis a date opens: its version banner, the
# date its build's (U-Boot's U_BOOT_VERSION_STRING, "U-Boot 2017.07-rc3 (Feb 27 2019 -
# 20:15:07 +0000)"), no time of the log, as the ESP ROM's "ets Mar 14 2019" is none.
_VERSION_BEFORE: Final = re.compile(r"[A-Za-z][\w.-]* v?\d+\.[\w.+~-]* \($")
# (WebLogic 10.3 and 12.1 put two spaces before the date)
_VERSION_THEN: Final = re.compile(r"[A-Za-z][\w-]* v?(\d+\.\d+[\w.+~-]*) {1,2}$")
_IPV4: Final = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
# CPython's sys.version printed by a program's start-up ("python_version: 3.12.3 (main, Jan 22
# 2026, 20:57:42) [GCC 13.3.0]", "3.7.3 (default, Apr  3 2019, 05:39:12)", Windows'
# "(tags/v3.11.4:d2340ef, Jun  7 2023, 05:45:37)"): the interpreter's build date.
_PY_BUILD_BEFORE: Final = re.compile(r"\d+\.\d+[\w.+]* \([\w/.:+-]+, $")


def _build_stamp(line: str, at: int) -> bool:
    if at > 4 and line[at - 1] == "(" and _VERSION_BEFORE.match(line, 0, at) is not None:
        return True
    if at > 4 and line[at - 1] == " " and line[:at].rstrip()[-1:].isdigit():
        # a product and its version, then its build's date (WebLogic's banner: "WebLogic
        # Server 12.2.1.0.0 Tue Oct  6 10:05:47 PDT 2015 1721936 Copyright ..."); not a
        # client's address before an access line's date
        v = _VERSION_THEN.search(line, 0, at)
        if v is not None and _IPV4.fullmatch(v.group(1)) is None:
            return True
    return (
        line[at - 2 : at] == ", " and _PY_BUILD_BEFORE.search(line, max(0, at - 60), at) is not None
    )


def _near_head(line: str, at: int) -> bool:
    """A time a few words in is the line's (``WARN: [Jul 2 ...]``, ``host prog: 01/25/22``);
    one deep in a sentence is a time the message talks about."""
    if at == 0 or line[at - 1] in '[("<':
        return True
    if line[at - 1] == "=":
        return not key_run_in(line, at)  # a pair's value, its key a word of its own
    if _keyed_time(line, at):
        return True
    words = line[:at].split()
    # A record of numeric columns before its date (a PBX's call record: extension, trunk,
    # a call's length "00:00:18", then "24/01/07 11:16"): the date is the record's time.
    return len(words) <= 3 or all(_numeric_column(w) for w in words)


def _keyed_time(line: str, at: int) -> bool:
    """Is the date at ``at`` a ``key:value`` pair's value, its key saying a time, after
    nothing but other pairs and separators (a hand-written access log's ``ip:10.0.0.5 --
    status:500 -- reqTime:Tue Mar 05 2024 10:00:03 GMT+0200 ...``)? Its weekday may stand
    between the colon and the match (``_ANY`` opens no match right after a colon)."""
    colon = at - 1
    if line[colon - 3 : colon] in _WEEKDAYS and line[colon] == " ":
        colon -= 4  # JavaScript's toString() and ctime() open with the weekday
    if colon < 1 or line[colon] != ":" or not _says_time(_key_before(line, colon)):
        return False
    words = line[:colon].split()[:-1]
    return all(":" in w or not w.strip("-|,;") for w in words)


def _after_columns(line: str, at: int) -> bool:
    """Does ``at`` open the line (past a bracket) or follow nothing but numeric columns? A
    year-less ``MM/DD`` stands only there (a PBX's ``  1 450  #702 12/25 17:06:12``): after a
    word it is as often a step of a count (``Progress 12/20 10:00:00 elapsed``)."""
    return all(_numeric_column(w) for w in line[:at].strip(" \t[(").split())


def _numeric_column(word: str) -> bool:
    """A number, an extension (``#702``) or a clock's length (``00:01:49``)."""
    return word.lstrip("#").replace(":", "").isdigit()


def _from_match(m: re.Match[str], ref: float) -> float | None:
    found = _match_time(m, ref)
    return None if found is None else found[0]


def _match_time(m: re.Match[str], ref: float) -> tuple[float, bool] | None:
    """An ``_ANY`` match's time, and whether it wrote its year (a year-less one is placed
    against ``ref`` by infer_year)."""
    g = m.group
    year_given = True
    english = True
    china = False
    try:
        if g("y1"):
            year, month, day = int(g("y1")), int(g("mo1")), int(g("d1"))
        elif g("y10"):
            year, month, day = int(g("y10")), int(g("mo10")), int(g("d10"))
        elif g("a"):
            a, b, sep = int(g("a")), int(g("b")), g("s2")
            cst = g("zone") == "CST"
            year, month, day, year_first = _numeric_date(a, b, g("y2"), sep, ref, cst)
            # zh_CN's yy-M-d before "CST": China Standard Time (+08:00), as a JVM in
            # Asia/Shanghai names it, not the US Central the zone table reads
            china = year_first and cst
        elif g("y9"):
            year, month, day = int(g("y9").rstrip(". ")), int(g("mo9")), int(g("d9"))
            if year < 100:
                year += 2000
        elif g("mon3"):
            month, english = month_number(g("mon3"))
            day, year = int(g("d3")), int(g("y3"))
            if year < 100:  # RFC 822's "02 Jan 06 15:04 MST" (Go's time.RFC822)
                year += 2000
        elif g("mon6"):
            month, day, year = MONTHS.get(g("mon6").lower(), 0), int(g("d6")), int(g("y6"))
        elif g("mo7"):
            # Year-less and numeric: month first, as "/" is written (a first number above 12
            # makes it day-first); only with a time to the second after one space, too little
            # otherwise to tell from a fraction or a count ("3/4 10:00"), or after a dash with
            # its microseconds (Snort's alert stamp, "03/26-08:32:22.979048").
            if not g("s") or (g("sep") != " " and (g("sep") != "-" or len(g("f") or "") != 6)):
                return None
            month, day = int(g("mo7")), int(g("d7"))
            if month > 12:
                month, day = day, month
            year = datetime.fromtimestamp(ref, UTC).year
            year_given = False
        elif g("mon5"):  # Redis 1.x's "30 May 10:03:19": day first, no year
            month, english = month_number(g("mon5"))
            day = int(g("d5"))
            year = datetime.fromtimestamp(ref, UTC).year
            year_given = False
        else:
            month, english = month_number(g("mon4"))
            day = int(g("d4"))
            if g("y4"):
                year = int(g("y4"))
            elif g("y8") and m.group(0)[:3] in _WEEKDAYS:
                year = int(g("y8"))
            else:
                year = datetime.fromtimestamp(ref, UTC).year
                year_given = False
        if not month or (not year_given and ":" in g("sep")):
            return None  # "May 10:03:19" is a time after "May", not the 10th of May
        if not english and not year_given and not g("s"):
            # Another locale's month only in a whole date, with its year or a time to the
            # second: "set", "out", "mai" are English words too.
            return None
        hour, minute = int(g("h")), int(g("mi"))
        second = int(g("s")) if g("s") else 0
        ampm = g("ampm")
        if ampm:
            pm = ampm[0] in "Pp"
            if hour > 12 or hour == 0:
                # A 24-hour clock with its marker too (SimpleDateFormat's "HH:mm:ss a":
                # ATLauncher's "18:46:36 PM", "00:05:00 AM"): the hour as written.
                if pm != (hour > 12):
                    return None
            else:
                hour = hour % 12 + (12 if pm else 0)
        offset = timedelta(hours=8) if china else _offset(g("zone"))
        if offset is None:
            return None
        dt = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:
        return None
    ts = dt.timestamp()
    if g("f"):
        ts += float("0." + g("f"))
    if not year_given:
        ts = infer_year(ts, ref)
    return (ts, year_given) if LOW <= ts < HIGH else None


def _numeric_date(
    a: int, b: int, last: str, sep: str, ref: float, cst: bool = False
) -> tuple[int, int, int, bool]:
    """Year, month, day of a numeric date ``a<sep>b<sep>last`` and whether it was read year
    first. A four-digit year closing it: month first with ``/`` (en_US), day first with ``.``
    or ``-``; a first or second number above 12 settles it the other way. A two-digit year:
    the short date of a locale (java.text.DateFormat.SHORT, which WebSphere and Liberty
    write): ``M/d/yy`` (en_US), ``dd/MM/yy`` (en_GB, fr), ``dd.MM.yy`` (de), ``yy-M-d``
    (zh_CN; strftime's ``%y-%m-%d``), ``yy/MM/dd`` (ja). With ``-`` it is year first as zh
    writes it, day first (da, nl ``d-M-yy``) when that cannot be a date (a month above 12, a
    day the month lacks) or its year is yet to come (after ``ref``'s: ``27-4-23`` read in
    2024 is 27 April 2023); when both can be, the one whose year is nearer ``ref``'s
    (``01-06-24`` is 1 June 2024, not 2001), year first before ``CST`` (``cst``: a JVM in
    Asia/Shanghai, WAS's ``[11-1-18 10:12:30:123 CST]``); with ``/`` or ``.`` a first number
    above 31 can only be the year (ja). One digit closing it is a day (zh's ``12-3-9``): year
    first."""
    c = int(last)
    if len(last) == 1:
        return 2000 + a, b, c, True
    if len(last) == 2:
        now = datetime.fromtimestamp(ref, UTC).year
        fits = 2000 + a <= now
        if a > 31 or (sep == "-" and fits and b <= 12 and 1 <= c <= _month_days(b, 2000 + a)):
            day_first = 2000 + c <= now and a <= _month_days(b, 2000 + c)
            if cst or a > 31 or not day_first or now - (2000 + a) <= now - (2000 + c):
                return 2000 + a, b, c, True
        c += 2000
    month_first = sep == "/"
    if a > 12:
        month_first = False
    elif b > 12:
        month_first = True
    month, day = (a, b) if month_first else (b, a)
    return c, month, day, False


def _month_days(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _offset(zone: str | None) -> timedelta | None:
    if not zone or zone == "Z":
        return timedelta(0)
    if zone[0] in "+-":
        return timedelta(seconds=seconds_east(zone))
    if zone[:3] == "GMT" and len(zone) == 8:  # JavaScript's "GMT+0800": east of UTC
        return timedelta(seconds=seconds_east(zone[3:]))
    known = ZONES.get(zone)
    # An upper-case word after the time that is no zone (``16:08:02 ERROR``): not a zone, UTC.
    return timedelta(seconds=known) if known is not None else timedelta(0)


# --- JSON records without a known time or level key ----------------------------------------

_NOT_TIME: Final = (
    "timeout", "uptime", "runtime", "duration", "elapsed", "taken", "timing",
    # a thing's expiry, no time of the record (jsonwebtoken's TokenExpiredError: "expiredAt",
    # a certificate's, a lease's "expiresAt", "expiry_date")
    "expir",
)  # fmt: skip
_LEVEL_NAMES: Final = frozenset(
    {
        "level",
        "lvl",
        "lvlname",
        "severity",
        "levelname",
        "loglevel",
        "levelstr",
        "levelstring",
        "loglvl",
        "sev",
        "priority",
        "severitytext",
        "eventseverity",
        "loggerlevel",
    }
)


# What each key name says, remembered: a log repeats its few key names on every line.
_TIME_KEYS: Final[dict[str, bool]] = {}
_LEVEL_KEYS: Final[dict[str, bool]] = {}


def _says_time(key: str) -> bool:
    known = _TIME_KEYS.get(key)
    if known is None:
        if len(_TIME_KEYS) >= 4096:
            _TIME_KEYS.clear()
        known = _TIME_KEYS[key] = _time_name(key)
    return known


def _says_level(key: str) -> bool:
    known = _LEVEL_KEYS.get(key)
    if known is None:
        if len(_LEVEL_KEYS) >= 4096:
            _LEVEL_KEYS.clear()
        parts = key.lower().rsplit(".", 2)
        if len(parts) > 1 and parts[-1] == "name":
            parts.pop()  # loguru's serialized record.level is an object: {name, no, icon}
        n = parts[-1].replace("_", "").replace("-", "").lstrip("@")
        known = _LEVEL_KEYS[key] = n in _LEVEL_NAMES
    return known


def _time_name(key: str) -> bool:
    n = key.rsplit(".", 1)[-1]
    low = n.lower()
    if any(w in low for w in _NOT_TIME):
        return False
    return (
        "time" in low
        or "date" in low
        or low in ("ts", "@t", "t")
        or "epoch" in low  # epoch=1700000000, epoch_ms: a training run's epoch=3 is no time
        or low.endswith("_at")
        or (n.endswith("At") and len(n) > 2)
    )


def value_time(value: str) -> float | None:
    """A time key's value in a notation ``parse_time_value`` does not read, as a whole: a
    numeric date with its year then a time (Azure's ``1/9/2007 9:41:00 AM``, ``01/09/2007
    09:41:00``, ``1/9/2007 10:41:00 AM +01:00``; month-first when written with ``/``, as in
    text), or a month's name with a year (``16-May-2024 09:23:38``)."""
    if not 12 <= len(value) <= 40 or not value[0].isdigit():
        return None
    m = _ANY.match(value)
    if (
        m is None
        or m.end() < len(value.rstrip())
        or not (m.group("a") or m.group("y1") or m.group("y3"))
    ):
        return None
    return _from_match(m, 0.0)


# The objects a record's call's arguments are under, flattened into its dotted keys; and the
# data a validation error carries (Joi's "_original", the value validated; Sequelize's
# ValidationErrorItem's "instance", the row): no time of the record
_PARAMETERS: Final = frozenset(
    {"params", "parameters", "match_params", "args", "arguments", "query", "filter", "input"}
    | {"_original", "instance"}
)


# What names the end of a thing a record reports, after its start; how long after it.
_ENDS: Final = ("end", "finish", "stop", "complet", "done")
_RAN_AT_MOST: Final = 31 * 86400.0  # (a cluster's longest job limits are days to weeks)
# Monolog channels of HTTP clients' loggers: Guzzle's (EightPointsGuzzleBundle's, CsaGuzzle's),
# Symfony HttpClient's, HTTPlug's.
_HTTP_CLIENT_CHANNELS: Final = frozenset(
    {"guzzle", "eight_points_guzzle", "csa_guzzle", "http_client", "httplug"}
)


def client_channel(fields: dict[str, Any] | None) -> bool:
    """Is a Monolog record's channel an HTTP client's? Its line ("GET http://api/x 200")
    states the answer to a call the app made, no status it served."""
    channel = fields.get("channel") if fields else None
    return type(channel) is str and channel in _HTTP_CLIENT_CHANNELS


def record_time(fields: dict[str, Any]) -> tuple[str, float] | None:
    """A record's time under a key of no known name: (the key, epoch seconds). A start's
    time gives way to an end's after it, within a month of it (Slurm's job record,
    "StartTime=... EndTime=...": a record of a thing that ended is written when it ended; a
    promotion's end date a year on is no time of the record's)."""
    started: tuple[str, float] | None = None
    for key, value in fields.items():
        if isinstance(value, str | int | float) and _says_time(key):
            if "." in key and not _PARAMETERS.isdisjoint(key.split(".")[:-1]):
                continue  # a call's argument (a tool's "params.start_time"): no time of the record
            ts = parse_time_value(value)
            if ts is None and type(value) is str:
                ts = value_time(value)
                if ts is None and value[:3] in _WEEKDAYS and " GMT" in value:
                    # JavaScript's Date toString() (winston's uncaughtException record's
                    # "date": "Tue Apr 02 2019 01:52:00 GMT+0000 (Coordinated Universal Time)")
                    ts = head_time(value, HIGH)
            if ts is not None and LOW <= ts < HIGH:
                low = key.rpartition(".")[2].lower()
                if started is None:
                    if not low.startswith(("start", "begin")):
                        return key, ts
                    started = key, ts
                elif low.startswith(_ENDS) and 0 <= ts - started[1] <= _RAN_AT_MOST:
                    return key, ts
    if started is not None:
        return started
    for key, value in fields.items():
        if isinstance(value, str) and 12 <= len(value) <= 40 and value[:1] in "123a":
            m = _AUDIT_ID.fullmatch(value)
            if m is not None:  # Linux audit's msg=audit(1690000000.123:456) as laurel's "ID"
                ts = int(m.group(1)) + (float(m.group(2)) if m.group(2) else 0.0)
                if LOW <= ts < HIGH:
                    return key, ts
    return None


def record_level(fields: dict[str, Any]) -> tuple[str, str] | None:
    """A record's level word under a key spelled as a level: (the key, the level name)."""
    for key, value in fields.items():
        if type(value) is not str or not value or len(value) > 16:
            continue
        if _says_level(key):
            low = value.lower()
            known = levels.WORDS.get(low)
            if known is None and "." in low:
                known = levels.WORDS.get(low.rsplit(".", 1)[-1])
            if known is not None:
                return key, known
    return None


# --- a request's status and duration said in a message ------------------------------------

# A status is an HTTP status only where the words around it say so: a reason phrase after it
# (``401 Unauthorized``), a word before it (``returned 401``, ``status: 401``), a cell of a
# table (``| 401 |``), brackets after a request (``POST /login (403)``).
_PHRASES: Final = (
    "Continue|Switching Protocols|Processing|Early Hints"  # 1xx: a websocket's upgrade is 101
    "|OK|Created|Accepted|No Content|Moved Permanently|Found|See Other|Not Modified"
    "|Temporary Redirect|Permanent Redirect|Bad Request|Unauthorized|Forbidden|Not Found"
    "|Method Not Allowed|Conflict|Gone|Too Many Requests|Internal Server Error|Bad Gateway"
    "|Service Unavailable|Gateway Timeout"
    # the class's name after the code: Python requests' HTTPError ("404 Client Error: Not
    # Found for url: ..."), Spring WebFlux's error handler ("500 Server Error for HTTP POST")
    "|Client Error|Server Error"
    # the words a home-made or framework's server puts for 404's (CodeIgniter's "404 Page Not
    # Found"; a small server's "404 File Not Found")
    "|Page Not Found|File Not Found"
)
# The status each phrase is RFC 9110's reason for ("internal server error": 500); the two
# wordings of 404's above are 404's, and no other number's ("550 File not found" is FTP's).
_PHRASE_CODE: Final[dict[str, int]] = {
    **{s.phrase.lower(): s.value for s in HTTPStatus},
    "page not found": 404,
    "file not found": 404,
}


def phrase_for_path(line: str) -> bool:
    """Is ``line`` a status's reason and the path it answered, alone (Django's request
    logger under its default "%(message)s": "Internal Server Error: /get_statistic/",
    "Not Found: /favicon.ico")?"""
    colon = line.find(": /", 0, 40)
    return colon > 0 and line[:colon].lower() in _PHRASE_CODE and " " not in line[colon + 2 :]


# Each three-digit number is a candidate; the words around it are then looked at (one regex
# of all the shapes tried at every position of every line cost 40 µs a line; this, 1 to 2).
_CANDIDATE: Final = re.compile(r"[1-5]\d\d")  # its bounds checked after: a lookaround is slow
_WORDS_BEFORE: Final = (
    "returned",
    "returning",  # Jenkins' CrumbFilter: "No valid crumb was included in ... Returning 403."
    "responded",  # Serilog.AspNetCore's "HTTP GET /x responded 500 in 12.3456 ms"
    "completed",
    "status",
    "status is",  # Eureka's DiscoveryClient: "The response status is 200"
    "status was",
    "status code",
    "status_code",
    "statuscode",
    "response",
    "response code",
    "response_code",
    "responsecode",
    "http status",
    "http_status",
    "httpstatus",
    # "HTTP code: 200" (curl's %{http_code}, PHP's CURLINFO_HTTP_CODE), as other locales word
    # it ("HTTP kód: 200", Czech; "HTTP código: 404"): the protocol's name before the word
    "http code",
    "http_code",
    "http kód",
    "http kod",
    "http código",
    "http codice",
    "resp",  # OpenStack's clients: keystoneauth's "RESP: [201]", neutronclient's "RESP:404"
    "badmessage",  # Jetty 9's "badMessage: 400 Illegal character 0x16 for HttpChannelOverHttp@..."
    # ModSecurity's verdict (2.x's in Apache's error log, v3's through nginx's): "Access
    # denied with code 403 (phase 2)." ("exited with code 255" is a process's: no cue)
    "denied with code",
    # JFrog Artifactory's ArtifactoryResponseBase.sendError: "Sending HTTP error code 403:
    # User anonymous is not permitted to deploy ..." (the answer it gives the request)
    "http error code",
)
# What a count after a status's cue word counts ("returned 500 rows", "Returning 200 results
# from cache", "Completed 250 tasks"): the verbs a status follows say how many things too.
_COUNTED: Final = re.compile(
    r" (?:rows?|results?|items?|records?|entries|objects?|files?|documents?|hits|matches|keys"
    r"|lines|messages|events|tasks|jobs|users|elements|values)\b"
)
# After a status, the words of a client's error string: the call's answer it failed on.
_RETURNED_ERROR: Final = (" returned error", " returned an error")
# A status a check expected, before its cue word ("Expected HTTP code: 200, got 503",
# "expected status 200"): the answer it wanted, not the one it had. And a client's surprise at
# an answer it had (nginx's auth_request: "auth request unexpected status: 302", the
# subrequest's): a server never calls its own answer unexpected.
_EXPECTED: Final = tuple(
    f"{w} {cue}" for w in ("expected", "expecting", "wanted", "unexpected") for cue in _WORDS_BEFORE
)


def _expected(cue: str) -> bool:
    """Does a status's cue follow a word of expectation or of surprise (rule above), a word
    of its own ("Unexpected response code: 500" is "unexpected", not "expected")?"""
    for w in _EXPECTED:
        if cue.endswith(w):
            at = len(cue) - len(w)
            if at == 0 or not cue[at - 1].isalnum():
                return True
    return False


_ANSWERED_WITH: Final = (
    " responded with",
    " responded with status",
    " responded with code",
    " responded with status code",
    " responded with http status",
    " responded with http code",
)


_FAILED_CALL: Final = re.compile(
    r"(?i)\bfailed to (?:access|fetch|reach|contact|call|retrieve|download)\b"
)


def _answered_with(message: str, at: int) -> bool:
    """Does the number at ``at`` follow "responded with" (a status word or two between)?"""
    return message[max(0, at - 40) : at].rstrip(" :=").lower().endswith(_ANSWERED_WITH)


# A process's, not a request's: BSD inetd's (Junos') "/usr/sbin/sshd[87]: exited, status 255"
# too, Upstart's "ssh main process (315) terminated with status 255", a supervisor's "exited
# with status 127".
_EXIT: Final = (
    "exit status",
    "exit_status",
    "exitstatus",
    "exited, status",
    "terminated with status",
    "exited with status",
    "died with status",
    "non-zero status",  # GNU time's "Command exited with non-zero status 255"
)
# The methods a request line opens with (RFC 9110's, and PATCH), and as a regex group.
HTTP_METHODS: Final = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT")
_METHOD: Final = "(?:" + "|".join(HTTP_METHODS) + ")"
# A status's call named after it: "... 403 via GET to \"https://api...\"", "... 500 from
# http://hook/send", Symfony HttpClient's 'HTTP/1.1 400 Bad Request returned for
# "https://api..."' (HttpExceptionTrait; "HTTP/2 404  returned for" with no reason phrase):
# the server called answered it; npm-registry-fetch's "404 Not Found - GET https://registry
# .npmjs.org/x" (its HttpErrorBase: status, reason, then the request it sent). (A
# middleware's own "Response status: 404 for GET http://host/x" names the request it served.)
_CALLED: Final = re.compile(
    r' +(?:via [A-Z]+ to \\?"?https?://|(?:from|returned for) \\?"?https?://'
    r"|- " + _METHOD + r" https?://)"
)
# ASP.NET Core's "Request finished" puts a dash between its request and its status: .NET 5
# and 8 on "... GET http://h/x - 404 ...", .NET 6 and 7 the request's content type and length
# first ("... GET http://h/x - - - 200 ...", "... POST http://h/x application/json 57 - 415").
_REQUEST_OPEN: Final = re.compile(
    r"\b" + _METHOD + r" (?:/|https?://)\S*(?: -| (?:-|\S+/\S+) (?:-|\d+) -| ->| =>)? \(?$"
)  # (an arrow to the status: "Request completed: POST /api/login -> 200 in 33ms")
# A request written method, status, then its URL (absolute or a path): the Cloud Run request
# log line as ``gcloud run services logs read`` prints it (``GET 500 https://svc.a.run.app/x``),
# pino-pretty's ``{method} {status} {url}``.
_URL_NEXT: Final = re.compile(r" (?:/|https?://)\S")


def _url_called_before(message: str, at: int) -> bool:
    """Is there an absolute URL before ``at`` that the line's program sent to or read from
    (Telegraf's "When writing to [http://influxdb:8086]: 404 Not Found", "error fetching
    from https://x: 503 Service Unavailable", certbot's "Invalid response from https://x/
    .well-known/acme-challenge/...: ... 404 Not Found"), so a status phrased after it is that
    server's answer? A request this program served names its method before the URL (a proxy's "GET
    http://x/ 404 Not Found"), an audit record its field (Ambari's "url(http://...)")."""
    scheme = message.rfind("://", max(0, at - 300), at)
    if scheme < 0:
        return False
    start = scheme
    while start and (message[start - 1].isalpha()):
        start -= 1
    if message[start:scheme] not in ("http", "https"):
        return False
    before = message[max(0, start - 40) : start].rstrip("[\"' ")
    word = before.rpartition(" ")[2]
    if word == "to":  # a request this program served, sent on ("POST /x forwarded to ..."): its
        return REQUEST_NAMED.search(message, 0, start) is None
    return word == "from" and _READ_VERB.search(before) is not None


# A request named by its method and path; a verb that reads from the URL after it.
REQUEST_NAMED: Final = re.compile(r"\b(?:" + "|".join(HTTP_METHODS) + r") /")
_READ_VERB: Final = re.compile(
    r"\b(?:read|fetch|download|pull|get|load|receiv|request|respons)\w* from$", re.I
)


def _method_before(message: str, at: int) -> bool:
    """Does an HTTP method, standing as a word (after a space, a ``]`` or a ``:``: fly's
    ``[info]GET /x``), then one space end at ``at``?"""
    seg = message[max(0, at - 9) : at - 1]
    cut = max(seg.rfind(" "), seg.rfind("]"), seg.rfind(":"))
    word = seg[cut + 1 :]
    return word in HTTP_METHODS and (cut >= 0 or at - 1 == len(word))


def _long_path_before(message: str, at: int) -> bool:
    """Does ``METHOD /path `` end at ``at``, the path longer than ``_REQUEST_OPEN``'s look
    back (a query string of tokens and encoded paths: Remix's ``/__manifest?p=...``)? One
    ``rfind``: the path is the word before, the method right before it."""
    sp = message.rfind(" ", 0, at - 1)
    return (
        sp > 0
        and message[sp + 1] in "/h"
        and _URL_NEXT.match(message, sp) is not None
        and _method_before(message, sp + 1)
    )


# kube-apiserver's httplog before 1.19 (httplog.go's "%s %s: (%v) %v%v%v [%s %s]": method,
# URI, latency as Go prints a time.Duration, status, then the user agent and client).
_LATENCY_BEFORE: Final = re.compile(
    r"\b" + _METHOD + r" /\S*: "
    r"\((?:\d+(?:\.\d+)?(?:h|m|s|ms|µs|us|ns))+\) $"
)
_ASPNET_FINISHED: Final = re.compile(r"\bRequest finished in (\d+(?:\.\d+)?)ms ([1-5]\d\d)\b")
_HTTPLOG_TOOK: Final = re.compile(r": \(((?:\d+(?:\.\d+)?(?:h|ms|m|s|µs|us|ns))+)\) $")
# A table row's latency cell right after a status opening the row behind a bracketed tag
# (a Gin logger's row written without its date: "[GIN] 404 |      2.25ms | ip | GET /x").
_LATENCY_CELL: Final = re.compile(r" +\| +\d+(?:\.\d+)?(?:ns|µs|us|ms|s) +\|")
# A quoted request line right before a number: CLF's ``"%r" %>s``, as a logger's message
# holds it (Django's runserver through django.server: ``"GET / HTTP/1.1" 404 2302``), and
# another protocol's request line an HTTP server answered (``"GET /info RTSP/1.0" 400 -``).
# (Hypercorn writes the HTTP version bare: "GET /x 1.1", "GET /x 2".)
_QUOTED_BEFORE: Final = re.compile(
    r'"[A-Z]{3,12} \S+ (?:(?:HTTP|RTSP|SIP)/\d(?:\.\d)?|1\.[01]|2|3)" $'
)
# A request line, its protocol the last word before a number: the status after it, as Gin's
# LoggerWithFormatter example writes (``"%s %s %s %d %s`` of method, path, protocol, status
# and latency, inside a quote it closes after the user agent).
_PROTOCOL_BEFORE: Final = re.compile(r"\b" + _METHOD + r" \S+ HTTP/\d(?:\.\d)? $")
_PHRASE_AFTER: Final = re.compile(r" (?:" + _PHRASES + r")\b", re.I)
# tornado's access line (RequestHandler's default log_function, ``"%d %s %.2fms"``): the
# status, then the request's summary ``METHOD URI (remote_ip)``, then its time in ms; as
# Jupyter's server writes it (``... 3.10ms referer=None``) and Moonraker's (the user in
# brackets before the time: ``201 POST /server/files/upload (10.0.0.9) [admin] 12.50ms``);
# JupyterHub's names a redirect's target after the URI (``302 GET /x -> /hub/x (@ip) 0.90ms``).
# Its log_exception line, ``403 POST /x (10.0.0.9): reason``, has no time: the same request's
# warning, its status counted on the access line alone.
_PADDED_REQUEST: Final = re.compile("  +" + _METHOD + " +/")
# Plex Media Server's (``Completed: [10.0.0.9:5123] 503 GET /media/providers (2 live) #1 TLS
# GZIP 0ms 436 bytes``) counts the connections open and names the request (since about 2022)
# and its encodings (``Page 0-49``) between the URI and the time.
_SUMMARY_TIMED: Final = re.compile(
    " " + _METHOD + r" \S+(?: -> \S+)? (?:\([^()\s]*\)(?: \[[^\]]*\])?"
    r"|\(\d+ live\)(?: #[0-9a-f]+)?(?: (?!\d+ms)\S+){0,5})"
    r" (\d+(?:\.\d+)?ms)(?![\w.])"
)


def served_summary(message: str) -> bool:
    """Does the message sum up a request the server answered, its status before the method
    and its time after the URI (_SUMMARY_TIMED: tornado's, Moonraker's, Plex's)?"""
    return _SUMMARY_TIMED.search(message) is not None


def _whole_word(cue: str) -> bool:
    """Is a cue word before a number a word of its own (not MongoDB's ``nreturned:592``)?"""
    for w in _WORDS_BEFORE:
        if cue.endswith(w):
            at = len(cue) - len(w)
            if at == 0 or not cue[at - 1].isalnum():
                return True
    return False


# The statuses a server answers with: IANA's registry (RFC 9110 and the rest) and those
# servers and frameworks write of their own (Laravel's 419, 420, nginx's 444 and 494-499,
# Cloudflare's 520-530, AWS load balancers' 460, 463, 464 and 561, IIS's 440 and 449,
# Shopify's 430, the 598 and 599 of some proxies' network timeouts).
HTTP_STATUS_CODES: Final = frozenset(
    (
        *range(100, 104), *range(200, 209), 226, *range(300, 309), *range(400, 421),
        421, 422, 423, 424, 425, 426, 428, 429, 430, 431, 440, 444, 449, 451, 460, 463, 464,
        *range(494, 500), *range(500, 512), *range(520, 531), 561, 598, 599,
    )
)  # fmt: skip


# The arrow a client's logger marks a reply it received with: OkHttp's HttpLoggingInterceptor
# ("<-- 200 OK https://api/x (12ms)", "<-- HTTP FAILED: ..."), firebase-tools' debug log
# ("<<< [apiv2][status] GET https://x 200"). (koa-logger's "<-- GET /x" is a request in,
# with no status; its "--> GET /x 200 5ms" the answer sent; a hand-written Express logger's
# "<-- GET /x 503 12ms" its answer too: after "<--", only a status or "HTTP FAILED".)
_REPLY_RECEIVED: Final = re.compile(r"(?:^|[\s\]])(?:<-- (?:[1-5]\d\d |HTTP FAILED)|<<< )")


def _status_said(message: str) -> tuple[int, int]:
    """The first three-digit number the words around say is an HTTP status, else 0: a word
    before it (``returned 401``, ``status: 401``, ``Completed 200``), a reason phrase after
    it (``401 Unauthorized``), a padded cell (GIN's ``| 401 |``, not CEF's ``|544|``),
    brackets after a request (``POST /login (403)``), a path and a colon before it (Go's
    file servers: ``/api/renew: 401 10.0.0.2``), a request before it (morgan's ``GET /a 200
    1.234 ms``). With where it ends. String tests, which are cheap, come first."""
    n = len(message)
    for m in _CANDIDATE.finditer(message):
        at, end = m.start(), m.end()
        if "<" in message[:at] and _REPLY_RECEIVED.search(message, 0, at) is not None:
            return 0, 0  # a reply the line's program received (_REPLY_RECEIVED)
        nxt = message[end : end + 1]
        if (at and (message[at - 1].isalnum() or message[at - 1] in "._")) or (
            nxt
            and (nxt.isalnum() or nxt in "_/%" or (nxt == "." and message[end + 1 :].strip() != ""))
        ):
            # part of a longer number, a version, a word, systemd's "status=203/EXEC", a
            # progress's percentage ("Upload completed 100%"); the
            # full stop closing the message is none of those ("... Returning 403."), one
            # with more said after it closes a count's sentence ("Backup completed 100. ...")
            continue
        if message[at] == "1" and (message[at + 1] != "0" or message[at + 2] > "3"):
            continue  # of 1xx only 100-103 are statuses (RFC 9110, 8297): "returned 128 rows"
        if message[at - 3 : at] == 'C="':
            continue  # Exim's SMTP confirmation on delivery: C="250 OK id=..." (its spec, 52)
        after = message[end : end + 2]
        if after[:1] == " " and after[1:].isalpha():
            phrased = _PHRASE_AFTER.match(message, end)
            if phrased is not None:
                owner = _PHRASE_CODE.get(phrased.group()[1:].lower())
                if owner is not None and owner != int(m.group()):
                    # another status's phrase: the number is something else's (Django's
                    # "%(module)s:%(lineno)d", "log:224 Internal Server Error: /api/x")
                    continue
                if _answered_with(message, at):
                    continue  # "upstream responded with 503 Service Unavailable" (below)
                if _url_called_before(message, at) or _CALLED.match(message, phrased.end()):
                    continue  # "When writing to [http://influxdb:8086]: 404 Not Found"
                return int(m.group()), end
            if after[1:].isupper() and _SUMMARY_TIMED.match(message, end):
                return int(m.group()), end  # tornado's "201 POST /x (10.0.0.9) 12.50ms"
        if after == "  " and _PADDED_REQUEST.match(message, end) is not None:
            # GoAdmin's access line ("[GoAdmin]  200   GET    /admin/login", its cells
            # padded, the colours taken off): the status before the request it answered
            return int(m.group()), end
        before = message[max(0, at - 40) : at]
        if before.endswith(("said: ", " (")) and _smtp_reply(message, before, end):
            continue
        cue = before.rstrip(" :=").lower()
        if cue[-1:] == "[" and after[:1] == "]":  # a status in brackets: "RESP: [201]"
            cue = cue[:-1].rstrip(" :=")
        if cue.endswith(_WORDS_BEFORE) and not cue.endswith(_EXIT) and _whole_word(cue):
            if int(m.group()) not in HTTP_STATUS_CODES:
                # a number no HTTP server answers with, after a word a status follows: a
                # process's exit code, a device's status byte (OpenZWave's "Received Alarm
                # report: ..., status=255")
                continue
            if after == " [" and cue.endswith(("request", "response")):
                # an IKE message's number and its payloads (strongSwan's charon: "generating
                # INFORMATIONAL response 274 [ ]", "parsed IKE_AUTH request 1 [ IDi AUTH ]")
                continue
            if after[:1] == " " and (
                _COUNTED.match(message, end) or message.startswith((" of ", " out of "), end)
            ):
                # a count: "Returning 200 results", "returned 500 rows", a batch's progress
                # "Completed 500 of 1200 documents" (a share of a total is no answer)
                continue
            if _expected(cue):
                continue  # a check's wanted answer: "Expected HTTP code: 200, got 503"
            if _answered_with(message, at) or _CALLED.match(message, end) is not None:
                # another server's answer, the line's program its client (a Kong plugin's
                # "introspection endpoint responded with status: 401", a start script's "API
                # server responded with 000", snapd's "got unexpected HTTP status code 403
                # via GET to \"https://...\"", Alertmanager's "unexpected status code 500 from
                # http://hook:9095/send"); a service's own says "responded 500"
                continue
            if cue.endswith("attempt to set status"):
                # lua-nginx-module's refusal ("attempt to set status 404 via ngx.exit after
                # sending out the response status 200"): a script's error, the status never
                # sent; the one sent is the access line's to count
                return 0, 0
            if (
                fail := _FAILED_CALL.search(message, max(0, at - 300), at)
            ) is not None and "return" not in message[fail.end() : at]:
                # a call the program made that failed, its answer after (Tautulli's "Failed
                # to access uri endpoint /library/metadata/2126. Status code 404")
                continue
            if cue.endswith(("subrequest setup returned", "subrequest returned")):
                # Apache's mod_include ("unable to include \"x\" in parsed file ...,
                # subrequest setup returned 403", "... subrequest returned 500"), nginx's
                # mod_zip ("a subrequest returned 404"): the server's own subrequest for a
                # part, the page's request answered as its access line says
                continue
            if after == " r" and message.startswith(_RETURNED_ERROR, end):
                # a client's error string quoting the call it made (cadvisor's CRI-O
                # handler: "Error finding container 9f1c: Status 404 returned error can't
                # find the container"): no request the line's program answered
                continue
            return int(m.group()), end
        if before.endswith(" ") and before.rstrip(" ").endswith("|"):
            if message.startswith((" |", "  |"), end) and int(m.group()) in HTTP_STATUS_CODES:
                # (a cell of another number: Heroku's old nginx line "GET /x HTTP/1.1 | ip |
                # 293 | http | 304", its bytes, then its status)
                return int(m.group()), end
        elif before.endswith("(") and after[:1] == ")":
            if _REQUEST_OPEN.search(message, max(0, at - 400), at):
                return int(m.group()), end
            if before.endswith("API error ("):  # go-dockerclient's "API error (409): msg"
                return int(m.group()), end
        elif before.endswith("] ") and _LATENCY_CELL.match(message, end):
            return int(m.group()), end  # a Gin row without its date: "[GIN] 404 | 2.25ms |"
        elif before.endswith(" ") and _URL_NEXT.match(message, end) and _method_before(message, at):
            # "METHOD STATUS URL": gcloud's request log line ("GET 500 https://x.run.app/a")
            return int(m.group()), end
        elif before.endswith(" ") and _REQUEST_OPEN.search(message, max(0, at - 400), at):
            return int(m.group()), end  # morgan's "GET /api 200 1.234 ms - 15", a long path
        elif before.endswith(" ") and at > 400 and _long_path_before(message, at):
            return int(m.group()), end  # the same with a path past the look back
        elif before.endswith(": ") and before[:-2].rsplit(" ", 1)[-1].startswith("/"):
            return int(m.group()), end
        elif before.endswith("HTTP/1.1 ") or before.endswith(("HTTP/1.0 ", "HTTP/2 ", "HTTP/2.0 ")):
            # Gin's LoggerWithFormatter: "GET /x HTTP/1.1 200 1.5ms", its latency next (or
            # the line's end): "sent GET /x HTTP/1.1 200 bytes" counts something else
            latency_next = end == n or (after[:1] == " " and after[1:].isdigit())
            if latency_next and _PROTOCOL_BEFORE.search(message, max(0, at - 2000), at):
                return int(m.group()), end
        elif before.endswith('" ') and _quoted_request_before(message, at):
            return int(m.group()), end  # Django's django.server: '"GET / HTTP/1.1" 404 2302'
        elif before.endswith(") ") and _LATENCY_BEFORE.search(message, max(0, at - 2000), at):
            return int(m.group()), end  # kube-apiserver's httplog: "GET /api/x: (1.2ms) 403"
    return 0, 0


# An SMTP reply a mail server quotes (RFC 5321's code, RFC 3463's enhanced code after it):
# postfix's ``status=sent (250 2.0.0 Ok: queued as ...)``, a remote's ``said: 550 5.1.1 ...``.
_SMTP_STATUS_OPEN: Final = re.compile(r"\bstatus=\w+ \($")
_ENHANCED_CODE: Final = re.compile(r" [245]\.\d{1,3}\.\d{1,3}\b")


def _quoted_request_before(message: str, at: int) -> bool:
    """Does a quoted request line end right before ``at``, with no three-digit number before
    it? (``404 "GET / HTTP/1.1" 555`` does not say which of the two is the status.)"""
    q = _QUOTED_BEFORE.search(message, max(0, at - 2000), at)
    if q is None:
        return False
    prev = message[: q.start()].rstrip(" ").rsplit(" ", 1)[-1]
    return not (len(prev) == 3 and prev.isdigit())


def _smtp_reply(message: str, before: str, end: int) -> bool:
    """Is the number at ``end`` an SMTP reply a mail log quotes, not an HTTP status?"""
    if before.endswith("said: ") or _SMTP_STATUS_OPEN.search(before):
        return True
    return _ENHANCED_CODE.match(message, end) is not None


_RIGHT_AFTER: Final = re.compile(r" (?P<v>\d+(?:\.\d+)?) ?(?P<u>ns|us|µs|\u03bcs|ms|s)\b")
_LAST: Final = re.compile(r" (?P<v>\d+(?:\.\d+)?) ?(?P<u>ns|us|µs|ms|s)$")
# morgan's ``tiny`` and ``short``: ``:status :res[content-length] - :response-time ms``, a size
# (or ``-``) between the status and the time, something the app appended after it.
_SIZE_THEN_TIME: Final = re.compile(r" (?:\d+|-) - (?P<v>\d+(?:\.\d+)?) (?P<u>ms)\b")
_SIZE_OR_DASH: Final = frozenset("-0123456789")
# A size then seconds with their fraction, last or before a quoted field (an access line's
# tail: the request-id middleware's "200 - 3.323 \"-\" \"curl/7.54.0\"")
SIZE_THEN_SECONDS: Final = re.compile(r" (?:\d+|-) (\d+\.\d{3,9})(?:$| \")")
# Seconds with a fraction closing an access line after a quoted field (the agent's):
# actix-web's default '... "%{User-Agent}i" %T'
AGENT_THEN_SECONDS: Final = re.compile(r'" (\d+\.\d{3,9})$')
# A size then the time with its unit glued on, as Go prints a time.Duration, before what the
# line says next (a Go access logger's "... HTTP/1.1 200 31 3336µs "Mozilla/5.0 ...""); a
# number after the size with no unit of its own is no time.
_SIZE_THEN_UNIT: Final = re.compile(
    r" (?:\d+|-) (?P<v>(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?)(?P<u>ns|us|µs|\u03bcs|ms|s)(?= |$)"
)
# Django Channels' runserver (channels/management/commands/runserver.py): "%(method)s
# %(path)s %(status)s [%(time_taken).2f, %(client)s]", seconds.
_CHANNELS_TOOK: Final = re.compile(r" \[(\d+\.\d\d), [^\]\s]+\]")
# A logger's metadata closing a line, each a JSON object or array of one level: winston's
# printf writing ``${message} ${JSON.stringify(meta)}`` (``{}`` when there is none).
_TRAILING_META: Final = re.compile(r"(?: (?:\{[^{}]*\}|\[[^\[\]]*\]))+$")
_TOOK: Final = re.compile(
    # (a label capitalised too: a Django middleware's "| Status: 500 | Duration: 2184ms | User")
    r"(?:\b(?:[Tt]ook|in|[Ee]lapsed|[Dd]uration|[Ll]atency)[:=]? ?"
    r"|\|[ \t]*|\()"  # negroni: "| \t 1.2ms |"
    r"(?P<v>\d+(?:\.\d+)?) ?(?P<u>ns|us|µs|\u03bcs|\u788cs|ms|s|Milliseconds|Seconds)"
    r"(?: *\||\)|\b)"
)  # 碌s: µs shown as GBK (measures.DURATION_UNITS)


# Plug.Logger's (Phoenix's) line closing a request: ``Sent 302 in 24ms``, ``Chunked 200 in
# 850µs`` (its own wording: the verb, the status, the time in µs under a millisecond), opening
# the message or after a bracketed level (``[info] Sent 500 in 18ms``) or a logger's ``: ``.
_PLUG_SENT: Final = re.compile(
    r"(?:^|[\]:] )(?:Sent|Chunked) ([1-5]\d\d) in (\d+(?:\.\d+)?(?:µs|\u03bcs|us|ms|s))$"
)


# The commonest request message of all, ``GET /api/x 200 25.3ms`` (a service's own access
# line in its JSON or journald record; morgan's ``tiny`` without its size): read by one match,
# where the general reading below costs several regex searches a line. Only when nothing in
# the path could be a status the general reading would take first (``/status=500``); the path
# printable ASCII without ``|`` (a padded cell) and shorter than the general reading's look back.
_PLAIN_REQUEST: Final = re.compile(
    _METHOD + r" (/[!-{}~]{0,298}) [2-5]\d\d"
    r" +(\d+(?:\.\d+)?)(ns|us|µs|ms|s)"
)
_PATH_STATUS: Final = re.compile(r"(?<![0-9A-Za-z._])[1-5]\d\d(?![0-9A-Za-z._/])")


# The words before a wait's "in 1s" (a retry's, its backoff's), no time a request took.
_WAIT_BEFORE: Final = ("retrying ", "retry ", "Retrying ", "Retry ", "again ")
_HTTPX_CALL: Final = re.compile(r'HTTP Request: [A-Z]+ \S+ "HTTP/[\d.]+ \d{3}\b[^"]*"$')
_URLLIB3_CALL: Final = re.compile(r'https?://[^\s"]+ "[A-Z]+ \S* HTTP/[\d.]+" [1-5]\d\d ')
_FETCH_FAILED: Final = re.compile(
    r"(?:^|[\]:-] )(?:[Ff]ailed|[Uu]nable|[Cc]ould ?not|[Cc]annot) to (?:fetch|download) "
)
_AWS_FAILURE: Final = re.compile(
    r"\bstatus code: \d{3}, request id: |\bStatusCode: \d{3}, RequestID: "
    r"|\bStatus Code: \d{3}; Error Code: [^;]*; Request ID: "
    r"|\bStatus Code: \d{3}, Request ID: "
)
# (the message's own words, or its exception's: a request line quoting one is a request's)
_GUZZLE_FAILED: Final = re.compile(
    r"(?:^|Exception: )(?:Client error|Server error|Unsuccessful request): `[A-Z]+ [^`]+`"
    r" resulted in a `\d{3} "
)
_DOCKER_MODEM: Final = re.compile(r"\(HTTP code [1-5]\d\d\) ")
_SCRAPY_RETRY: Final = re.compile(r"\b[Rr]etrying <[A-Z]+ https?://[^\s>]*> \(failed \d+ times?\)")
_WIRE_IN: Final = re.compile(r'<< "?HTTP/\d(?:\.\d)? [1-5]\d\d\b')
_OKHTTP_IN: Final = re.compile(r"(?<!\S)<-- [1-5]\d\d [^(]*?\bhttps?://\S+ \(\d+ms[,)]")


def _plain_request(message: str) -> tuple[int, float | None] | None:
    """``METHOD /path STATUS TIME`` exactly, read as ``request_in_message`` reads it; else
    None (the general reading decides)."""
    m = _PLAIN_REQUEST.fullmatch(message)
    if m is None:
        return None
    path = m.group(1)
    if path[-1] == ":" or _PATH_STATUS.search(path) is not None:
        return None
    start = m.end(1) + 1
    return int(message[start : start + 3]), float(m.group(2)) * DURATION_UNITS[m.group(3)]


def pushed(message: Any) -> bool:
    """Is a record's message a log shipper's push answered (Loki's client, in Promtail and
    Grafana Agent: "error sending batch, will retry", "final error sending batch")? Its
    status is the store's, no request the shipper served."""
    return type(message) is str and "error sending batch" in message[:32]


def transferred(line: str) -> bool:
    """Is a text line's message a CI runner's transfer (GitLab Runner's "Downloading
    artifacts from coordinator... ok  id=1 status=200")? Its status is GitLab's."""
    return line.find("coordinator... ", 0, 48) >= 0


_API_ANSWER: Final = re.compile(
    r"\b(?:(?<=\w )API error|API (?:error(?! \()|request failed|call failed|returned))\b"
    r"[^\d\n]{0,24}[1-5]\d\d\b"
    r"(?! (?:for )?(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /)"  # a request it served, named
)
_URL_RETURNED: Final = re.compile(
    r"(?:^|[\s=])[\"']?https?://\S+?[\"']? returned (?:an? )?(?:HTTP )?(?:status(?: code)?:? )?"
    r"(?:error )?[1-5]\d\d\b"
)
_HTTPX_RAISED: Final = re.compile(
    r"\b(?:Client error|Server error|Redirect response|Informational response) '[1-5]\d\d"
    r" [^']*' for url '"
    r"|\b[1-5]\d\d (?:Client|Server) Error: .{0,80}? for url: "  # requests' HTTPError
)
_CHECK_HTTP: Final = re.compile(
    r"\bHTTP (?:OK|WARNING|CRITICAL|UNKNOWN)\b[^\n]{0,120}?HTTP/\d(?:\.\d)? [1-5]\d\d"
)
_GO_RESPONSE: Final = re.compile(
    r"&\{(?:[1-5]\d\d [^{}]{0,60}? [1-5]\d\d HTTP/\d"  # %v
    r"|Status:[1-5]\d\d [^{}]{0,60}? StatusCode:[1-5]\d\d Proto:HTTP/)"  # %+v
)
_WERKZEUG_RESPONSE: Final = re.compile(r"<Response (?:\d+ bytes|streamed) \[\d{3} ")


_ACCEPTED_RANGE: Final = re.compile(r"Status code \d{3} is (?:not )?in the accepted range")
_STATUS_LINE: Final = re.compile(r"HTTP/\d(?:\.\d)? [1-5]\d\d(?: [\w' -]{0,40})?")
# (WebClient's log prefix and, since 5.3, the response's id in brackets of their own; at
# TRACE its headers after; Spring 6 writes a code of no name bare: "Response 599")
_SPRING_CLIENT: Final = re.compile(
    r"(?:\[[^\]]{1,120}\] ){0,2}Response [1-5]\d\d(?: [A-Z_]+)?(?:, headers=.*)?$"
)
_RETRYING_CALL: Final = re.compile(
    r"\(status: [1-5]\d\d\): retrying in |retrying request: request="
)
_FEIGN_IN: Final = re.compile(r"<--- (?:HTTP/\S+|UNKNOWN) [1-5]\d\d\b")


_MAVEN_TRANSFER: Final = re.compile(
    r"\b[Cc]ould not transfer (?:artifact|metadata) \S+ (?:from|to|from/to) \S+ \(https?://"
    r"|\bTransfer failed for https?://"
)
# client-go's call logged whole since its structured logging (klog: '"Response" verb="GET"
# url="https://..." status="404 Not Found" milliseconds=4'), and at -v=7 its status alone
# ("Response Status: 404 Not Found in 4 milliseconds")
_CLIENT_GO_RESPONSE: Final = ('"Response" verb=', "Response verb=", "Response Status: ")
_ROUND_TRIP: Final = re.compile(_METHOD + r" https?://\S+ [1-5]\d\d [\w ]*?in \d+ milliseconds$")


def client_call(message: str) -> bool:
    """Is the message a client's log of a call the service made, the other server's answer
    in it (no request this one served)?"""
    at = message.find("HTTP Request: ", 0, 120)
    if at >= 0 and _HTTPX_CALL.match(message, at) is not None:
        # httpx's own log of a call the service made (_client.py: 'HTTP Request: %s %s
        # "%s %d %s"', at INFO), its logger's name before it in a "%(name)s %(message)s", or
        # a head no layout read (Celery's "[%(asctime)s: %(levelname)s/%(processName)s]")
        return True
    if message[:11] == 'Response: "' and message[11:14].isdigit() and message[14:16] == " h":
        # Symfony's HttpClient (its logger: 'Response: "{response_code} {url}"', the call's
        # time after it in the newer ones: '... 0.120 seconds'): the answer it got
        return True
    if message[:11] == "<Response [":
        return True  # requests' Response printed (print(resp)): the answer to a call it made
    if "` resulted in a `" in message and _GUZZLE_FAILED.search(message) is not None:
        # Guzzle's RequestException (PHP: "Client error: `GET https://x/y` resulted in a
        # `403 Forbidden` response: ...", its server and redirect kinds): the answer the
        # app's call got
        return True
    if "(HTTP code " in message and _DOCKER_MODEM.search(message) is not None:
        # docker-modem's error (dockerode's calls): "(HTTP code 404) no such container - ...",
        # the Docker engine's answer
        return True
    if ("tatus" in message or "StatusCode: " in message) and _AWS_FAILURE.search(message):
        # the AWS SDKs' failed call: Go v1's RequestFailure ("AccessDenied: ...\n\tstatus code:
        # 403, request id: d56a8d58-..."), Go v2's ("https response error StatusCode: 503,
        # RequestID: ..."), Java 1.x's ("(Service: AmazonS3; Status Code: 403; Error Code:
        # AccessDenied; Request ID: ...)"), Java 2.x's ("(Service: S3, Status Code: 403,
        # Request ID: ...)"): the answer an AWS API gave the service
        return True
    if "> (failed " in message and _SCRAPY_RETRY.search(message) is not None:
        # Scrapy's retry middleware ("Retrying <GET https://x/q> (failed 1 times): 502 Bad
        # Gateway", "Gave up retrying <...> (failed 3 times): 503 ..."): the answer the
        # crawler got, its request in Scrapy's repr
        return True
    if message[:10] == "<Response " and _WERKZEUG_RESPONSE.match(message) is not None:
        # werkzeug's Response printed by the app ("<Response 229 bytes [302 FOUND]>"): its
        # own answer before it went, the server's access line saying it was served; no
        # access record, and its byte count no status
        return True
    if "awaiting response... " in message:
        # wget's progress ("HTTP request sent, awaiting response... 200 OK"): the server's
        # answer to the download it made
        return True
    if "[status:" in message and _ES_CALL.search(message) is not None:
        # Elasticsearch's clients, a call's line: the cluster's answer to the service
        return True
    if transferred(message):
        return True  # GitLab Runner's "Uploading artifacts to coordinator... 201 Created"
    if "StatusCode: " in message and ("reading manifest " in message or " registry " in message):
        # containers/image (podman, buildah, skopeo): "reading manifest latest in quay.io/x:
        # StatusCode: 404", "pinging container registry quay.io: StatusCode: 503": the
        # registry's answer
        return True
    if message.startswith(_CLIENT_GO_RESPONSE):
        return True  # (rule above _ROUND_TRIP)
    if "<ClientResponse(" in message:
        return True  # aiohttp's response printed: "<ClientResponse(url) [404 Not Found]>"
    if message.endswith(" milliseconds") and _ROUND_TRIP.match(message) is not None:
        # client-go's round_trippers (klog at -v=6, or through a logger's klog bridge:
        # "GET https://10.43.0.1:443/api/v1/namespaces 200 OK in 4 milliseconds"): the
        # API server's answer to the call it made
        return True
    if "CIMultiDictProxy(" in message and "'Status': '" in message:
        # aiohttp's response headers printed (Home Assistant's AIOGitHubAPI at DEBUG:
        # "<CIMultiDictProxy('Date': ..., 'Server': 'GitHub.com', 'Status': '200 OK', ...)>"):
        # the answer to a call it made
        return True
    if ("ould not transfer " in message or "Transfer failed for http" in message) and (
        _MAVEN_TRANSFER.search(message) is not None
    ):
        # Maven's resolver ("Could not transfer artifact ... from/to nexus (https://...):
        # status code: 401", "Transfer failed for https://.../maven-metadata.xml 404 Not
        # Found"): the repository's answer to a download it made
        return True
    if "Method failed: HTTP/" in message:
        # Commons HttpClient's idiom (its tutorial's, openHAB's HttpUtil: "Method failed: " +
        # method.getStatusLine()): the status line of the answer to its call
        return True
    if "Unexpected response code: " in message:
        # HashiCorp's Go API clients (Consul's, Nomad's, Vault's api: "Unexpected response
        # code: %d (%s)"): the agent's answer to the call
        return True
    if "Remote error " in message and "StatusCode: " in message:
        # Traefik's ForwardAuth ("Remote error http://auth:8000/check. StatusCode: 401"):
        # the auth server's answer to the check it made
        return True
    if "erver responded with " in message:
        # OpenTelemetry's Java exporters and Micrometer's OTLP registry ("Failed to publish
        # metrics ... Server responded with HTTP status code 404 and body ..."): the
        # collector's answer to a push
        return True
    if "Request failed with status code " in message or "Received response to " in message:
        # axios' error for an answer it rejected (AxiosError: "Request failed with status code
        # 401"), Synapse's HTTP client ("Received response to PUT https://...: 200")
        return True
    if message[:23] == "The response status is " or (
        message[:16] == "DiscoveryClient_" and " status: " in message
    ):
        # Eureka's client (com.netflix.discovery.DiscoveryClient): "The response status is
        # {}" after fetching the registry, "DiscoveryClient_{} - registration status: {}"
        # (and "Heartbeat status:"): the registry server's answers
        return True
    if message[:4] == "http":
        at = 0
    elif "connectionpool" in message[:120]:
        # its logger's, module's or file's name before it ("urllib3.connectionpool:452
        # http://...", "connectionpool.py:546 - https://...", a thread's name between)
        at = message.find("://", 0, 240)
        at = message.rfind(" ", 0, at) + 1 if at > 0 else -1
    else:
        at = -1
    if at >= 0 and _URLLIB3_CALL.match(message, at) is not None:
        # urllib3's connectionpool at DEBUG (requests' and botocore's calls): '%s://%s:%s
        # "%s %s %s" %s %s', scheme, host, port, method, url, version, status, length
        return True
    if "failed action with response code: " in message:
        # Logstash's Elasticsearch output ("retrying failed action with response code: 503
        # ({...unavailable_shards_exception...})"): the cluster's answer to its bulk request
        return True
    if " returned " in message and _URL_RETURNED.search(message) is not None:
        # a URL whole, its scheme and host, then what it returned (minikube's
        # "https://127.0.0.1:61956/healthz returned 500:", the checks of a client polling
        # a server): a server names its own requests by their path
        return True
    if "for url" in message and _HTTPX_RAISED.search(message) is not None:
        # httpx's HTTPStatusError and requests' HTTPError, raised by raise_for_status
        # ("Client error '404 Not Found' for url 'http://localhost:11434/api/generate'", "404
        # Client Error: Not Found for url: https://x/y"): the answer to a call it made
        return True
    if "HTTP " in message and _CHECK_HTTP.search(message) is not None:
        # the monitoring plugins' check_http and check_curl ("HTTP OK: HTTP/1.1 200 OK - 4349
        # bytes in 0.009 second response time", the older "HTTP OK HTTP/1.1 200 OK - ...",
        # "HTTP CRITICAL - Invalid HTTP response received from host on port 8080: HTTP/1.1
        # 500 ..."), in Nagios', Icinga's and Naemon's logs: the checked server's answer to
        # the probe, its time the probe's
        return True
    if "probe failed with statuscode: " in message:
        # the kubelet's prober ("HTTP probe failed with statuscode: 503", in a Readiness,
        # Liveness or Startup probe's line): the container's answer to the probe it sent
        return True
    if "API " in message and _API_ANSWER.search(message) is not None:
        # a remote API's answer in the app's words ("LocationIQ API error 429: {...}", "API
        # request failed with status 429", "Stripe API returned 502"): a call it made
        # (go-dockerclient's bare "...: API error (409): ..." is read as a status, set 14's
        # reading; a named API's "GitHub API error (403)" is a call)
        return True
    if "&{" in message and _GO_RESPONSE.search(message) is not None:
        # a Go program printing the *http.Response it got (%v: "&{200 OK 200 HTTP/1.1 1 1
        # map[...]": Status, StatusCode, Proto; %+v names them), as Terraform providers'
        # debug output does
        # ("[DEBUG] HTTP Response  200 &{200 OK 200 HTTP/1.1 ..."): only a client has one
        return True
    if message[:5] == "HTTP/" and _STATUS_LINE.fullmatch(message) is not None:
        # a response's status line alone, its headers on the lines under it: a dump of what
        # a client got (Terraform's logging transport, "---[ RESPONSE ]---" then "HTTP/1.1
        # 200 OK"; Go's httputil.DumpResponse)
        return True
    if message[:15] == "Response Code: " or _ACCEPTED_RANGE.search(message) is not None:
        # Jenkins' HTTP Request plugin: the status line of the answer it got ("Response Code:
        # HTTP/1.1 200 OK"; from 1.21 "Response Code: 200"), then its check of it ("Success:
        # Status code 200 is in the accepted range: 100:399", "Fail: ... is not in ...")
        return True
    if message[:7] == "< HTTP/" or message[:13] == "reply: 'HTTP/":
        # curl -v's response headers ("< HTTP/1.1 200 OK"), Python http.client's debug
        # output ("reply: 'HTTP/1.1 200 OK\r\n'")
        return True
    if "<--- " in message and _FEIGN_IN.search(message, 0, 200) is not None:
        # Feign's logger ("[ApiClient#getItems] <--- HTTP/1.1 503 Service Unavailable
        # (120ms)", "<--- UNKNOWN 503 ..." when its client sets no version): its call's answer
        return True
    if message.find(" returned [HTTP/", 0, 400) >= 0:
        # Elasticsearch's low-level RestClient ("request [GET http://es:9200/x] returned
        # [HTTP/1.1 503 Service Unavailable]"): the answer to a call it made
        return True
    if "Response " in message[:140] and _SPRING_CLIENT.match(message) is not None:
        # Spring's RestTemplate and WebClient at DEBUG ("Response 503 SERVICE_UNAVAILABLE",
        # "[5b0c3b7a] Response 200 OK"); its server writes "Completed 503 ..."
        return True
    if "retrying" in message and _RETRYING_CALL.search(message) is not None:
        # go-retryablehttp's ("[DEBUG] GET https://x/v1 (status: 502): retrying in 1s (4
        # left)", hclog's "vault-client: retrying request: request=\"GET ... (status:
        # 503)\""): its call
        return True
    if message.find("] [output:", 0, 80) >= 0:
        # Fluent Bit's output plugins ("[error] [output:es:es.0] HTTP status=429 URI=/_bulk",
        # "[output:loki:loki.2] could not flush records to ...:80 HTTP status=502"): the
        # answer of the store it ships to
        return True
    if message[:26] == 'sink{component_kind="sink"':
        # Vector's sinks ("sink{component_kind="sink" component_id=es ...}:request{...}:
        # vector::sinks::util::retries: Retrying after response. reason=503 Service
        # Unavailable"): the store's answer, as Fluent Bit's outputs' are
        return True
    if ("to fetch " in message[:120] or "to download " in message[:120]) and _FETCH_FAILED.search(
        message, 0, 120
    ) is not None:
        # a fetch the program failed ("Failed to fetch latest version of synthetics from
        # registry: '403 Forbidden' error response", Kibana's; "Unable to download ...: 404"):
        # the status is the answer it got
        return True
    if "Receiving response: HTTP/" in message:
        # Apache HttpClient 4's connection at DEBUG (DefaultClientConnection,
        # LoggingManagedHttpClientConnection: "Receiving response: HTTP/1.1 401
        # Unauthorized"): the answer to a call it made
        return True
    if "<< " in message and _WIRE_IN.search(message, 0, 120) is not None:
        # Apache HttpClient's wire and header logs (org.apache.http.wire, .headers,
        # hc.client5's): 'http-outgoing-0 << "HTTP/1.1 200 OK[\r][\n]"' is the status line
        # of an answer the service received, as the arrow says
        return True
    # OkHttp's HttpLoggingInterceptor ("<-- 200 OK https://api.example/v1 (35ms)"), on
    # Android and in a Java service alike: the answer to a call it made, as the arrow says
    return "<-- " in message and _OKHTTP_IN.search(message, 0, 160) is not None


_ARR_API: Final = re.compile(
    r"\[(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\] /\S*: ([1-5]\d\d)\.\w+ \((\d+(?:\.\d+)?) ms\)$"
)
_HTML_STATUS: Final = re.compile(
    r"(?:<[A-Za-z][\w-]*(?: [^<>]*)?>)+ *(?:HTTP Status |HTTP ERROR |Error )?[1-5]\d\d\b"
)
_BARE_STATUS: Final = re.compile(r"[1-5]\d\d [A-Za-z][A-Za-z' -]*")


def request_in_message(message: str) -> tuple[int, float | None] | None:
    """The HTTP status (and the request's duration in ms, if said) a message reports."""
    # ``METHOD /path STATUS TIME`` exactly (a service's own access line, most of them) first,
    # in one match: no client's call or quoted line has that shape (each test below needs
    # a head of its own, or words around a space that a single path token and its status
    # can't hold) but GitLab Runner's "coordinator... ", which a path could end with.
    quick = _plain_request(message)
    if quick is not None and not transferred(message):
        return quick
    if message[:1] == "[" and (arr := _ARR_API.match(message)) is not None:
        # Sonarr's, Radarr's and Prowlarr's API log ("[GET] /api/v3/queue/details?seriesId=11:
        # 200.OK (62 ms)"): the request served, its status and time
        return int(arr.group(1)), float(arr.group(2))
    if message[:1] == "<" and _HTML_STATUS.match(message) is not None:
        # a page's body printed, a line of it at the message's head (a task's result
        # printed over lines: "<title>404 Not Found</title>", nginx's "<center><h1>502 Bad
        # Gateway</h1></center>", Tomcat's "<title>HTTP Status 404 – Not Found</title>"): a
        # page some server wrote, no request served here
        return None
    if message[:1].isdigit() and len(message) < 40 and _BARE_STATUS.fullmatch(message):
        # a status and its phrase alone ("200 OK": chronyc's answer in an eb-engine.log, a
        # script's echo): no request is named, none served
        return None
    if client_call(message) or quotes_a_line(message):
        return None
    read = _request_read(message)
    if read is None or read[1] is None:
        cells = _request_cells(message)
        if cells is not None and (read is None or cells[0] == read[0]):
            return cells
    return read


# A request logger's cells, split by pipes or by runs of spaces (Iris' "2020-12-09 15:00:47|
# 679.305µs|404|GET|/|127.0.0.1|...", a gin LoggerWithFormatter without pipes, go-admin's
# " 200       18.504µs        127.0.0.1  OPTIONS  /api/v1/x"): one method, one path, one
# status and one duration with its unit, in any order.
_CELL_SPLIT: Final = re.compile(r"\s*\|\s*|\s{2,}")


def _request_cells(message: str) -> tuple[int, float | None] | None:
    if "|" not in message and "  " not in message:
        return None
    cells = _CELL_SPLIT.split(message.strip())
    if not 4 <= len(cells) <= 16:
        return None
    status = 0
    took: float | None = None
    method = path = False
    before = ""  # the cell before: a word labels the number after it ("errors  500")
    for cell in cells:
        labelled = before.isalpha()
        before = cell
        if cell in HTTP_METHODS:
            if method:
                return None
            method = True
        elif cell[:1] == "/" or cell[:2] == '"/':  # (Gin's default quotes it: %#v)
            path = True
        elif len(cell) == 3 and cell.isdigit():
            if status or labelled or not "100" <= cell <= "599":
                return None  # two numbers a status could be: neither is known for one
            status = int(cell)
        elif cell[-1:] == "s" and cell[:1].isdigit():
            d = duration_text(cell)
            if d is not None:
                if took is not None:
                    return None
                took = d
    return (status, took) if status and method and path and took is not None else None


# Elasticsearch's clients, a call's line: elasticsearch-py's ``POST http://es:9200/_bulk
# [status:200 request:0.012s]`` (connection/base.py, "%s %s [status:%s request:%.3fs]"), Ruby's
# and Go's transports with a comma (``[status:200, request:0.076s, query:0.001s]``): a call the
# service made, the cluster's answer (client_call), no request it served.
_ES_CALL: Final = re.compile(r" \[status:([1-5]\d\d),? request:(\d+(?:\.\d+)?)s[,\]]")


# morgan's ":status :response-time ms" closing a custom format whose request part is the
# app's own (a GraphQL operation instead of a path: "GRAPHQL query{...} - 200 60.198 ms");
# :response-time writes three decimals, always (its ``digits`` default).
_MORGAN_TAIL: Final = re.compile(r" - ([1-5]\d\d) (\d+\.\d{3}) ms$")
_SYNAPSE_PROCESSED: Final = re.compile(r'(\d+\.\d+)sec/-?\d+\.\d+sec .*? \d+B ([1-5]\d\d)!? "')
_GO_ZERO: Final = re.compile(
    r"\[HTTP\] ([1-5]\d\d) - [A-Z]+ \S+(?:.* - slowcall\((\d+(?:\.\d+)?(?:ms|s|µs))\))?"
)
# go-zero before 1.2 (2021): "%d - %s - %s - %s - %s", the status, the URI, the address, the
# agent and timex.ReprOfDuration's "%.1fms", no method
_GO_ZERO_OLD: Final = re.compile(r"([1-5]\d\d) - /\S* - \S+ - .* - (\d+\.\d)ms$")


# Kafka Connect's and Confluent's REST servers: Jetty's CustomRequestLog with
# EXTENDED_NCSA_FORMAT + " %{ms}T" through log4j, whose layout closes the line with the
# logger's name: '... "GET /connectors HTTP/1.1" 200 16 "-" "curl/7.61.1" 400
# (org.apache.kafka.connect.runtime.rest.RestServer)', the ms after the agent (Kafka's own
# connect-log4j.properties adds the line: "(...RestServer:62)").
_CONFLUENT_REQUEST: Final = re.compile(
    r'" (\d+) \((?:org\.apache\.kafka\.connect\.runtime\.rest\.RestServer'
    r"|io\.confluent\.rest-utils\.requests|io\.confluent\.rest\.[\w.]+)(?::\d+)?\)$"
)
# The same under a layout naming its logger before the message (Confluent's images' "[%t] %p
# %c - %m%n", "[%d] %p [%t] %c - %m%n"): the ms closing the line after the agent's quote.
_REST_SERVER_LOGGER: Final = "org.apache.kafka.connect.runtime.rest.RestServer - "
_MS_CLOSING: Final = re.compile(r'" (\d+)$')


def connect_request_ms(line: str) -> float | None:
    """The ms of a Kafka Connect or Confluent REST request line (rules above), else None."""
    if line[-1:] == ")":
        m = _CONFLUENT_REQUEST.search(line, max(0, len(line) - 120))
    elif line[-1:].isdigit() and _REST_SERVER_LOGGER in line[:240]:
        m = _MS_CLOSING.search(line, max(0, len(line) - 16))
    else:
        return None
    return float(m.group(1)) if m is not None else None


# Strapi's request logger (its "logger" middleware, v3 to v5): "%s %s (%d ms) %d", the method,
# the URL, the ms since the request came, the status ("POST /api/auth/local (112 ms) 200").
_STRAPI_REQUEST: Final = re.compile(
    r"(?:[a-z]+ )?" + _METHOD + r" /\S* \((\d+(?:\.\d+)?) ms\) ([1-5]\d\d)$"
)


# The UniFi Network controller's access.log: the protocol with the client in brackets, the
# request's ms, the status, the request ("HTTP/1.1[127.0.0.1] 22ms 404 GET /status").
_TIME_STATUS_REQUEST: Final = re.compile(
    r"(?:^|[\s\]])(\d+(?:\.\d+)?)ms ([1-5]\d\d) " + _METHOD + r" /\S*$"
)


# Iris' request logger (middleware/logger, "%v %4v %s %s %s": the status, the latency as Go
# prints a time.Duration, padded to four, the client, the method, the path; copied into many
# services' own middleware, logrus' Infof among them): "200    46.87542ms 127.0.0.1 POST /x",
# the message's own, after golog's level and time ("[INFO] 2020/05/19 12:09 200 0s ::1 GET
# /") or a time the middleware wrote, at most.
IRIS_REQUEST: Final = re.compile(
    r" *(?:\[[A-Z]{3,5}\] )?(?:[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}[ T][0-9]{2}:[0-9]{2}"
    r"(?::[0-9]{2}(?:[.,][0-9]+)?)? +)?"
    r"([1-5][0-9][0-9]) +((?:[0-9]+(?:\.[0-9]+)?(?:h|m|s|ms|µs|us|ns))+) +\S+ +"
    + _METHOD
    + r" /\S*(?: |$)"
)


def _request_read(message: str) -> tuple[int, float | None] | None:
    """``request_in_message``'s general reading (its rules above)."""
    if message[:7] == "[HTTP] ":
        # go-zero's access line (rest/handler/loghandler.go): "[HTTP] 200 - POST /api/x -
        # 10.0.0.4:5123 - curl/8.0", a slow one closing with "slowcall(977.1ms)"
        gz = _GO_ZERO.match(message)
        if gz is not None:
            return int(gz.group(1)), duration_text(gz.group(2)) if gz.group(2) else None
    elif message[3:7] == " - /":
        # (its first line: a failed request's dump follows it, after a newline)
        cut = message.find("\n")
        old = _GO_ZERO_OLD.match(message if cut < 0 else message[:cut])
        if old is not None:
            return int(old.group(1)), float(old.group(2))
    if "Sent " in message or "Chunked " in message:
        p = _PLUG_SENT.search(message)
        if p is not None:
            return int(p.group(1)), duration_text(p.group(2).replace("\u03bc", "µ"))
    processed = message.find("Processed request: ")
    if processed >= 0:
        # Synapse's access line (synapse/http/site.py): "Processed request: 0.003sec/0.001sec
        # (cpu, cpu) (db sched/txn/count) 55B 500 "GET /x HTTP/1.1" ...": the request's
        # processing time, the response's sending time, then its size and status ("500!"
        # when the client went first)
        sp = _SYNAPSE_PROCESSED.match(message, processed + 19)
        if sp is not None:
            return int(sp.group(2)), float(sp.group(1)) * S
    if "Request finished in " in message:
        # ASP.NET Core 2.x to 5's hosting diagnostics: "Request finished in {ElapsedMilliseconds}ms
        # {StatusCode} {ContentType}" (6 and on: "Request finished HTTP/1.1 GET url - 200 ...")
        f = _ASPNET_FINISHED.search(message)
        if f is not None:
            return int(f.group(2)), float(f.group(1))
    at = message.find("ms ")
    if at > 0 and message[at + 6 : at + 7] == " " and message[at + 3 : at + 6].isdigit():
        u = _TIME_STATUS_REQUEST.search(message)
        if u is not None:  # UniFi's access log (rule above)
            return int(u.group(2)), float(u.group(1))
    if message[-4:-3] == " " and message[-5:-4] == ")":
        k = _STRAPI_REQUEST.match(message)
        if k is not None:  # Strapi's request logger (rule above)
            return int(k.group(2)), float(k.group(1))
    status, end = _status_said(message)
    if not status:
        if message[-3:] == " ms":
            t = _MORGAN_TAIL.search(message, max(0, len(message) - 24))
            if t is not None:  # morgan's tokens closing a custom format (rule above)
                return int(t.group(1)), float(t.group(2))
        elif "s " in message:
            i = IRIS_REQUEST.match(message)
            if i is not None and int(i.group(1)) in HTTP_STATUS_CODES:
                return int(i.group(1)), duration_text(i.group(2))  # Iris' (rule above)
        return None
    if message[end - 5 : end - 3] == ") ":
        # kube-apiserver's httplog before 1.19: its latency as Go prints a time.Duration,
        # minutes and hours too for a watch ("GET /api/v1/secrets?watch=true: (7m39.0007s) 200")
        h = _HTTPLOG_TOOK.search(message, max(0, end - 80), end - 3)
        if h is not None:
            return status, duration_text(h.group(1))
    d = _RIGHT_AFTER.match(message, end)  # morgan's "200 1.234 ms"
    if d is None and message[end : end + 2] == ") " and message[end - 4 : end - 3] == "(":
        # weaveworks' logging middleware (Loki, Cortex, Mimir): "%s %s (%d) %s", method, URI,
        # status, the Go duration, maybe its "Response: ..." after
        d = _RIGHT_AFTER.match(message, end + 1)
    if d is None and message[end + 1 : end + 2] == "[":
        c = _CHANNELS_TOOK.match(message, end)
        if c is not None:  # Django Channels' runserver: "HTTP GET /x 200 [0.50, 127.0.0.1:5]"
            return status, float(c.group(1)) * S
    if d is None and message[end + 1 : end + 2] in _SIZE_OR_DASH:
        d = _SIZE_THEN_TIME.match(message, end)  # morgan's tiny: "404 153 - 2.006 ms -IP::1"
        if d is None:
            d = _SIZE_THEN_UNIT.match(message, end)
        if d is None and message[-1:].isdigit() and message[-8:].count(".") == 1:
            agent = AGENT_THEN_SECONDS.search(message, end)
            if agent is not None:  # actix-web's Logger::default(), %T after the agent
                return status, float(agent.group(1)) * S
        if d is None and "HTTP/" in message:
            jetty = connect_request_ms(message)  # Kafka Connect's REST server: its ms
            if jetty is not None:
                return status, jetty
            # an access line's tail in a message, its seconds last: eventlet's wsgi under
            # oslo.log ('... "GET /v2.0/ports HTTP/1.1" 200 2187 0.148430', its default
            # "%(wall_seconds).6f"), nginx's "$status $body_bytes_sent $request_time"
            secs = SIZE_THEN_SECONDS.match(message, end)
            if secs is not None:
                return status, float(secs.group(1)) * S
    if d is None and message[end + 1 : end + 2].isupper():
        t = _SUMMARY_TIMED.match(message, end)  # tornado's, its time after the summary
        if t is not None:
            return status, duration_text(t.group(1))
    if d is None:
        d = _TOOK.search(message)
        if d is not None and message[max(0, d.start() - 12) : d.start()].endswith(_WAIT_BEFORE):
            # a wait before the next try, not the time the call took: go-retryablehttp's
            # "[DEBUG] GET url (status: 503): retrying in 1s (4 left)"
            return status, None
    if d is None:
        # "... 200 - json 12.3456ms", maybe before a logger's trailing metadata (winston's
        # printf: "... 200 50 - 58.892 ms {} {}")
        stop = len(message)
        if message[-1:] in ("}", "]"):
            meta = _TRAILING_META.search(message, max(0, stop - 200))
            if meta is not None:
                stop = meta.start()
        d = _LAST.search(message, max(0, stop - 24), stop)
    took = None
    if d is not None:
        took = duration_text(d.group("v") + _PROSE_UNITS.get(d.group("u"), d.group("u")))
    elif "reqs/sec)" in message or ", time=" in message:
        took = _unitless_took(message)
    if took is None and ("=" in message or "ime:" in message):
        # a duration under its key beside the status (Solr's "status=500 QTime=1207", a
        # hand-written "status:500 -- resTime:19ms")
        paired = pair_duration(message)
        if paired is not None:
            took = paired[1]
        elif "Time: " in message and (spaced := _TIME_SAID.search(message, end)) is not None:
            # the request's time said in a sentence after its status (Emby's "Response 200 to
            # 127.0.0.1. Time: 1ms. GET http://...")
            took = duration_text(spaced.group(1).replace(" ", ""))
    return status, took


# (a sentence of its own: "... Up Time: 3600s" is no request's)
_TIME_SAID: Final = re.compile(
    r"(?:^|\. )Time: (\d+(?:\.\d+)? ?(?:ns|us|µs|ms|s))(?:\.(?!\w)|[ ,;)]|$)"
)


# Times written without a unit, in a layout that fixes it: Rails 1.x and 2.0's ``Completed
# in 0.31250 (3 reqs/sec) | ... | 200 OK [url]`` (seconds; 2.2 on writes ``in 312ms``);
# Candlepin's LoggingFilter ``Response: status=404, content-type="...", time=276`` (ms).
_RAILS_1: Final = re.compile(r"\bCompleted in (\d+\.\d+) \(\d+ reqs/sec\)")
_LOGGING_FILTER: Final = re.compile(r"\bResponse: status=\d{3}, .*, time=(\d+)$")


def _unitless_took(message: str) -> float | None:
    m = _RAILS_1.search(message)
    if m is not None:
        return float(m.group(1)) * S
    m = _LOGGING_FILTER.search(message)
    return None if m is None else float(m.group(1))


# A size then a duration with its unit closing a line: the request's time (CoreDNS's
# ``... NOERROR qr,aa,rd 64 0.000150566s``, Traefik's ``... 1500ms``).
_END_DURATION: Final = re.compile(r" \d+ (\d+(?:\.\d+)?(?:ns|us|µs|ms|s))$")


def duration_at_end(message: str) -> float | None:
    """The request duration (ms) a line ends with, after a size (rule above)."""
    if message[-1:] != "s":
        return None
    m = _END_DURATION.search(message, max(0, len(message) - 40))
    return None if m is None else duration_text(m.group(1))


# A worker's job done, and how long it ran: Celery's ``Task app.send[id] succeeded in
# 0.0472s: None``, ``Job 12 completed in 1.5 seconds``. For a worker the job is the request.
_JOB_TOOK: Final = re.compile(
    r"\b(?:succeeded|completed|finished|done|processed) in (\d+(?:\.\d+)?) ?"
    r"(ns|us|µs|ms|s|secs?|seconds?)\b"
)
_A_JOB: Final = re.compile(r"\b(?:[Tt]ask|[Jj]ob|[Rr]equest)\b")  # named before it


# Airflow's TaskInstance.set_duration: ``Task Duration set to 0.061723``, the task's run in
# seconds (total_seconds(), no unit written; ``None`` when it has no end).
_AIRFLOW_DURATION: Final = re.compile(r"Task Duration set to (\d+(?:\.\d+)?)$")


# Rails' ActiveJob (its LogSubscriber): "Performed %s (Job ID: %s) from %s in %.2fms".
_ACTIVE_JOB: Final = re.compile(
    r"\bPerformed \S+ \(Job ID: [^)]{1,80}\) from \S+ in (\d+(?:\.\d+)?)ms"
)


def job_took(message: str) -> float | None:
    """The run time (ms) of a job a worker's line says it finished (rules above)."""
    if "Performed " in message:
        a = _ACTIVE_JOB.search(message)
        if a is not None:
            return float(a.group(1))
    if "Duration set to " in message:
        a = _AIRFLOW_DURATION.search(message)
        return None if a is None else float(a.group(1)) * S
    if " in " not in message:
        return None
    m = _JOB_TOOK.search(message)
    if m is None or _A_JOB.search(message, 0, m.start()) is None:
        return None  # a start-up's "initialization completed in 2264 ms" is no job
    return duration_text(m.group(1) + m.group(2))  # duration_text reads "sec", "seconds" too


# A transfer's time written beside its rate: BIND 9's xfrin/xfrout, ``Transfer completed: 1
# messages, 5 records, 294 bytes, 0.014 secs (21000 bytes/sec)`` and ``AXFR ended: ...``;
# wget's ``Downloaded: 3 files, 4.5M in 2.3s (1.96 MB/s)``; ``51200 bytes in 1.5 seconds
# (33.3 KB/s)``. The rate in brackets right after says the time is the transfer's, not a
# start-up's ``Started App in 4.5 seconds (process running for 5.1)``.
_TRANSFER_TOOK: Final = re.compile(
    r"(?:, |\bin )(\d+(?:\.\d+)?) ?(ms|s|secs?|seconds?) \(\d[\d.,]* ?"
    r"(?:[KkMGT]i?)?(?:B|bytes?|bits?|b)/s(?:ec)?\)"
)


def transfer_took(message: str) -> float | None:
    """The ms a transfer took, written beside its rate (rule above), else None."""
    at = message.find("/s)")
    if at < 0:
        at = message.find("/sec)")
        if at < 0:
            return None
    m = _TRANSFER_TOOK.search(message, max(0, at - 64), at + 5)  # the time just before
    if m is None or "%" in message[: m.start()]:
        return None  # a progress line's "50% 12.3 MB in 5s (2.4 MB/s)": the time so far
    return duration_text(m.group(1) + m.group(2))


# An operation's own time, as the program that ran it words it:
# kube-apiserver's utiltrace, ``Trace[1917639367]: "Create" url:... (started: ...) (total time:
# 657.07ms):`` (Kubernetes 1.20 and on: ``(total time: 657ms):``), the steps under it being
# parts of it; etcd before 3.4 (capnslog), a request's apply time: ``apply entries took too
# long [11.4ms for 1 entries]``, ``read-only range request "..." with result "..." took too
# long (153.2ms) to execute``; etcd 3.x's mvcc, a compaction's time: ``finished scheduled
# compaction at 6350 (took 707.213µs)``, the line closed by it; a latency ``reached`` (below).
# Go durations (``1.454945018s``, ``1m2.5s``).
_GO_DURATION: Final = r"(\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns)(?:\d+(?:\.\d+)?(?:m|s|ms|us|µs|ns))*)"
_TOTAL_TIME: Final = re.compile(r"\(total time: " + _GO_DURATION + r"\):?$")
_TOOK_TOO_LONG: Final = re.compile(
    r"took too long (?:\["
    + _GO_DURATION
    + r" for \d+ entries\]|\("
    + _GO_DURATION
    + r"\) to execute"
    # the kernel's NMI handler (arch/x86/kernel/nmi.c): "NMI handler (perf_event_nmi_handler)
    # took too long to run: 14.407 msecs"
    + r"|to run: (\d+\.\d+) msecs$)"
)
_TOOK_CLOSING: Final = re.compile(r"\(took " + _GO_DURATION + r"\)$")
# A latency measured from an action to its effect, as Kubernetes' perf-tests clients word it
# (the network policy enforcement latency client: ``Pod "web-0" ... reached 673.26ms after
# policy creation``): the time the change took to reach it.
_REACHED_AFTER: Final = re.compile(r"\breached " + _GO_DURATION + r" after [a-z]")
# ZooKeeper's quorum peer on the end of a leader election (Follower.java, Leader.java): 3.4's
# ``FOLLOWING - LEADER ELECTION TOOK - 4735`` (electionTimeTaken, the ms since the election
# began; no unit written), 3.5 on ``LEADING - LEADER ELECTION TOOK - 212 MS``
# (QuorumPeer.FLE_TIME_UNIT).
_ELECTION_TOOK: Final = re.compile(
    r"\b(?:FOLLOWING|LEADING) - LEADER ELECTION TOOK - (\d+)(?: MS)?$"
)
# aiogram 3's dispatcher on an update's end (Dispatcher.feed_update's finally, logger
# aiogram.event): ``Update id=123 is handled. Duration 41 ms by bot id=456`` (``is not
# handled`` when no handler took it), the ms from the update's arrival to its handlers' end.
_AIOGRAM_UPDATE: Final = re.compile(r"\bUpdate id=\d+ is (?:not )?handled\. Duration (\d+) ms\b")
# Spark's DAGScheduler on a stage's end (markStageAsFinished): ``ResultStage 3 (count at
# App.scala:10) finished in 0.250 s``, ``ShuffleMapStage 0 (...) failed in 1.030 s`` (from 2.1
# ``... s due to ...``; older releases' ``Stage 3 (...) finished in ...``), the stage's time
# since its submission, ``%.03f`` seconds. Its job's ``Job 0 finished: ..., took 1.150225 s``
# is prose_took's.
_STAGE_TOOK: Final = re.compile(
    r"(?:\b(?:Result|ShuffleMap)|(?<![\w-]))Stage \d+ \(.*\) (?:finished|failed) in (\d+\.\d+) s"
    r"(?: due to |$)"
)
# Spark's TaskSetManager on a task's end: ``Finished task 0.0 in stage 0.0 (TID 0) in 95 ms
# on 172.20.10.2 (executor driver) (1/1)``, the task's time on its executor.
_SPARK_TASK: Final = re.compile(r"\bFinished task \S+ in stage \S+ \(TID \d+\) in (\d+) ms on ")
# Rails' ActionView, a template's render time: ``Rendered orders/index.html.erb within
# layouts/application (64.2ms)``; from Rails 6 ``(Duration: 3.1ms | Allocations: 812)``. A
# part of a request's time (its `Completed ... in` line has the whole), so a measure of its
# own (RENDER_MS), not a request's latency.
_RENDERED: Final = re.compile(
    r"\bRendered (?:layout )?\S+(?: within \S+)? \((?:Duration: )?(\d+(?:\.\d+)?)ms\b"
)


# A state reached after a time, as kubeadm's wait phases print it (``[kubelet-check] The
# kubelet is healthy after 500.8ms``, ``[api-check] The API server is healthy after 4.5s``:
# the time since the wait began, a time.Duration's %v; before 1.30 ``[apiclient] All control
# plane components are healthy after 5.502118 seconds``, %f seconds): the time it took to get
# there, closing the line. A count (``unhealthy after 3 probes``) or more said after it (``idle
# after 30s of silence``, a limit) is none.
_REACHED_STATE: Final = re.compile(
    r"\b(?:is|are|was|were|became|becomes|got) (?:healthy|ready|up|available|reachable|running"
    r"|online) after (?:" + _GO_DURATION + r"|(\d+(?:\.\d+)?) seconds?)\.?$"
)
# Work said done, its time as Go prints a time.Duration in brackets closing the line:
# minikube's command runners (cli_runner, ssh_runner: a command that ran over a second),
# ``Completed: docker system info --format "{{json .}}": (7.5674205s)``; ``Finished`` and
# ``Done`` alike. Their slow-command warning, ``Executing "docker ps" took an unusually long
# time: 2.5s``, is the same timing.
_DONE_BRACKETED: Final = re.compile(r"\(" + _GO_DURATION + r"\)$")
_UNUSUALLY_LONG: Final = re.compile(r" took an unusually long time: " + _GO_DURATION + r"$")


def operation_took(message: str) -> float | None:
    """The duration (ms) of an operation a line reports its total time of (rules above)."""
    last = message[-1:]
    if last == ")":
        if "(took " in message:
            m = _TOOK_CLOSING.search(message, max(0, len(message) - 40))
            if m is not None:
                return duration_text(m.group(1))
        elif message.startswith(("Completed", "Finished", "Done")):
            m = _DONE_BRACKETED.search(message, max(0, len(message) - 40))
            if m is not None:
                return duration_text(m.group(1))
    elif last == "s" or last == ".":  # (a unit closes both: "500.8ms", "6.25 seconds")
        tail = max(0, len(message) - 90)
        if message.find(" after ", tail) >= 0:
            m = _REACHED_STATE.search(message, tail)
            if m is not None:
                return duration_text(m.group(1)) if m.group(1) else float(m.group(2)) * S
        elif message.find(" unusually long ", tail) >= 0:
            m = _UNUSUALLY_LONG.search(message, tail)
            if m is not None:
                return duration_text(m.group(1))
    if "total time: " in message and '"Reflector ListAndWatch"' not in message:
        # (client-go's reflector traces its own calls to the apiserver, in every controller's
        # log: "Trace[...]: \"Reflector ListAndWatch\" name:.../reflector.go:167 ... (total
        # time: 30000ms)", a watch's list timing out; no request the program served)
        m = _TOTAL_TIME.search(message)
        if m is not None:
            return duration_text(m.group(1))
    if "took too long " in message:
        m = _TOOK_TOO_LONG.search(message)
        if m is not None:
            if m.group(3):
                return float(m.group(3))
            return duration_text(m.group(1) or m.group(2))
    if "reached " in message:
        m = _REACHED_AFTER.search(message)
        if m is not None:
            return duration_text(m.group(1))
    if "Stage " in message and ") f" in message:
        m = _STAGE_TOOK.search(message)
        if m is not None:
            return float(m.group(1)) * S
    if "Finished task " in message:
        m = _SPARK_TASK.search(message)
        if m is not None:
            return float(m.group(1))
    if "handled. Duration " in message:
        m = _AIOGRAM_UPDATE.search(message)
        if m is not None:
            return float(m.group(1))
    if "ELECTION TOOK - " in message:
        m = _ELECTION_TOOK.search(message)
        if m is not None:
            return float(m.group(1))
    return None


# A duration a message states in clear words: ``took 2.5s`` (NATS' ``Account fetch took
# 2.000142625s``; MongoDB's ``task: DBConnectionPool-cleaner took: 297ms``), ``processing time:
# 1.25s`` (its ``Readloop processing time:``), ``elapsed``, and
# ``in 120ms`` (or ``after 29ms``: Kafka's ``Controlled shutdown request returned successfully after
# 29ms``) after a request, response, query, fetch, download or upload the line names, or work it
# says processed (SharePoint's LDAPCP: ``Got and processed 15 group(s) for user "x" in 152 ms from
# AD domain "y"``); Jenkins' periodic work, ``Finished Download metadata. 10 ms``
# (AsyncPeriodicWork's "{0}. {1,number} ms"); Sidekiq's JobLogger before 5.2, ``done: 1.234 sec``
# (``fail:``), the job's seconds. A wait (``retrying in 5s``), a start-up's (``initialization
# completed in 2264 ms``), a period (``at duration 5s``) or a bare number is none. Set 27: ``Took
# 0.087s to load ...`` opening a sentence, time ``Spent 29ms loading ...``, work done ``successfully
# in 36.6ms`` (not a start-up's: ``Server started successfully in 2.1s`` is none, as
# ``initialization completed in`` is). Set 36: a loop's
# time beside the time it intended (InnoDB's ``page_cleaner: 1000ms intended loop took
# 41200ms``) is a cadence overrun, a tuning warning, none. Set 66: a run its clause opens
# with, ``Ran`` (Airflow's scheduler, ``DEBUG - Ran scheduling loop in 0.05 seconds``: one
# loop's work), is named work as a request is.
_PROSE_TOOK: Final = re.compile(
    r"\b(?:[Tt]ook:?|[Ss]pent|processing time:|elapsed(?: time)?:?|done:|fail:"
    r"|(?P<ok>successfully in)"
    # (hours and minutes before, as Go and Dagster write them: "4m52s", "1h4m")
    # (Kamailio's "request-route executed in: 3513 usec", C's usec and msec)
    r"|(?P<in>in:?|after)) (?P<v>(?:\d+h)?(?:\d+m(?=\d))?\d+(?:\.\d+)?) ?"
    r"(?P<u>usecs?|msecs?|ns|us|µs|\u03bcs|ms|s|secs?|seconds?|milliseconds?|mins?|minutes?"
    r"|milli secs?|milli seconds?"  # (a hand-written filter's "took 2163 milli secs")
    r"|(?<=\dh\d)m"
    # (Lift's TimeHelpers: "Service request (GET) /x took 513 Milliseconds")
    r"|(?<=\dh\d\d)m|Milliseconds|Seconds)(?!\w|\.\w)"
)


def _aged_in_clause(message: str, at: int) -> bool:
    """Does the clause before ``at`` (from its last comma or semicolon) name an entry's
    discarding, eviction, expiry or staleness (_AGED)?"""
    clause = max(message.rfind(",", 0, at), message.rfind(";", 0, at)) + 1
    return _AGED.search(message, clause, at) is not None


# What an entry's age is told after ("... after 29 seconds"): its discarding, eviction, expiry
_AGED: Final = re.compile(r"(?i)\b(?:discard(?:ed|ing)|evict(?:ed|ing)|expir(?:ed|ing)|stale)\b")
# (a word of the prose: not a path's "/api/vm/shutdown", a job's "shutdown-nightly-vms")
_SHUTDOWN: Final = re.compile(r"(?i)(?<![/\w-])shut(?:ting)?[ -]?down(?![\w/-])")
_STARTED: Final = re.compile(
    r"\b(?:[Ss]tart(?:ed|up)?|[Bb]oot(?:ed)?|[Ii]nitiali[sz](?:ed|ation))\b"
)
# Work reported done as the whole of a message, its time closing it: KubeJS's ``Done in 109.3
# ms``, ``Finished in 120ms.``, Dramatiq's actor ``Completed after 137.26ms.``; the verb
# opening the message or right after a logger's ``: ``, `` - `` or a bracketed head's ``] `` (a
# plain line's whole text: ``[...] [Scripts/]: Done in 41.5 ms``, ``[...] [INFO] Completed
# after 137.26ms.``). A subject before the verb (``initialization completed in 2264 ms``) is no
# such message.
_DONE_ALONE: Final = re.compile(
    r"(?:^|: |- |\] )(?:[Dd]one|[Ff]inished|[Cc]ompleted) (?:in|after) (\d+(?:\.\d+)?) ?"
    r"(ns|us|µs|ms|s|secs?|seconds?|milliseconds?)[.!]?$"
)
# (a pipeline's step: Dagster's "STEP_SUCCESS - Finished execution of step "load" in
# 1.37s.", a workflow's "step build completed in 12s"; not a counter's "step:5050/20000")
_STARTUP_PRONE: Final = frozenset({"processed", "step", "steps"})
_TIMED_WORDS: Final = re.compile(
    r"\b(?:request|response|query|fetch|download|upload|processed|steps?(?! ?[:=]? ?\d))\b",
    re.I,
)
# A task's run closing the message: Huey's consumer, "<task>: <id> executed in 46.500s"
# (ASP.NET Core's "Executed action ... in 308ms" opens with the word: an action is a part of
# the request its "Request finished ... in" times).
_EXECUTED_IN: Final = re.compile(r"\w executed in (\d+(?:\.\d+)?)s$")
# Work done, its run's time closing the brackets after it: Azure's Linux agent (waagent's
# ExtHandler, "ProcessGoalState completed [incarnation 2; 18573 ms]").
_COMPLETED_BRACKETED: Final = re.compile(r"\w completed \[[^\]]*?; (\d+(?:\.\d+)?) ms\]$")
# Delayed Job's worker (worker.rb: "%s completed after %.4f", 4.x "Job %s (id=%s) COMPLETED
# after %.4f"): the job's seconds.
_DELAYED_JOB: Final = re.compile(r" (?:completed|COMPLETED) after (\d+\.\d{4})$")
# Spring Batch's own lines (AbstractStep, SimpleJobLauncher), their time as BatchMetrics'
# formatDuration writes it ("5s193ms", "1m5s12ms"): a step's and a job's run.
_SPRING_BATCH: Final = re.compile(
    r"(?:Step: \[[^\]]*\] executed|Job: \[.*\] completed with the following parameters: "
    r".* and the following status: \[\w+\]) in ((?:\d+(?:ms|s|m|h))+)$"
)
# A step's or a job's run said done with its time in brackets after its name, the pair of a
# "STARTING: <name>" line before it: Metabase's sync (sync/util.clj, "FINISHED: %s (%s)" with
# format-nanoseconds' "315.7 ms", "3.3 s", "1.2 mins"; a memory summary may follow), a
# script's "Finished: <step> (2.5s)". Opening the message, or after a logger's ": ", " - ",
# "] " or Metabase's " :: ".
_FINISHED_STEP: Final = re.compile(
    r"(?:^|: |- |\] )(?:FINISHED|Finished): [^()]*?\((\d+(?:\.\d+)?) ?"
    r"(ns|µs|us|ms|s|secs?|seconds?|mins?|minutes?|hours?)\)"
)
# SpamAssassin's spamd, a line per message it checked (spamd.raw: "clean message (%s/%s) for
# %s:%d in %.1f seconds, %d bytes.", "identified spam ..."): the check's time, a request's as
# a mail filter's client (postfix's pipe, a milter) waits on it. Its "result: ..." line after
# says it again under scantime= (measures.ROLES).
_SPAMD_SCAN: Final = re.compile(
    r"(?:clean message|identified spam) \([^()]*\) for \S+ in (\d+(?:\.\d+)?) seconds, \d+ bytes\.$"
)
# A batch's count of items worked on, opening the message with the work's verb in the past
# tense, the time after it: SymmetricDS's RouterService "Routed 7 data events in 90 ms",
# "Synced 40 batches in 1.5 s". Not a start-up's or a deployment's (lifecycle), nor a
# clean-up's (Kafka's periodic "Removed 0 expired offsets in 4 milliseconds"), nor a build's
# step (webpack's, tsc's): no request's.
_COUNTED_WORK: Final = re.compile(r"(?:^|\] |: |- )([A-Z][a-z]+ed) \d[\d,]* (?:[a-z][\w-]* ){1,3}$")
_LIFECYCLE_VERBS: Final = frozenset(
    {"Started", "Stopped", "Booted", "Initialized", "Initialised", "Deployed", "Undeployed",
     "Registered", "Installed", "Loaded", "Created", "Resolved", "Scanned", "Activated",
     "Removed", "Deleted", "Purged", "Cleaned", "Expired", "Evicted", "Pruned",
     "Compiled", "Precompiled", "Built", "Bundled", "Transpiled", "Generated", "Packaged",
     "Linked", "Minified", "Copied"}
)  # fmt: skip
_WAITS: Final = (
    "retry", "retrying", "retried", "rescheduled", "again", "restart", "restarting", "reconnect",
    "reconnecting", "next", "every", "expires", "expire", "expiring", "within", "wait",
    "waiting", "sleep", "sleeping", "scheduled", "due", "timeout", "timing out", "backoff",
    "back off",
)  # fmt: skip
# What a "<word> duration: 3ms" names when it is a measured run's time (HAProxy's "check
# duration"): the work, not a setting or a medium (lease, TTL, video, session, token).
_RAN: Final = frozenset(
    {"check", "request", "response", "query", "statement", "execution", "exec", "run", "job",
     "task", "build", "call", "transaction", "operation", "step", "test", "render", "sync",
     "backup", "restore", "compaction", "flush", "scan", "gc", "pause", "processing", "probe",
     "handler", "upload", "download", "transfer", "reconcile", "reconciliation", "rpc"}
)  # fmt: skip
# A word that makes "<work> duration: 30s" a limit or a plan, not a time taken.
_BOUND: Final = frozenset(
    {"max", "maximum", "min", "minimum", "expected", "configured", "default", "estimated",
     "target", "allowed", "desired", "requested", "planned", "limit", "allowable",
     "start", "starting"}  # a work announced with the length it is given
)  # fmt: skip
# The cadence a loop intended, right before its took (InnoDB's page_cleaner: "1000ms intended
# loop took 41200ms"); "intended" further off is prose ("we intended to ... but it took 5s").
_TO_GO: Final = re.compile(r"\b(?:remaining|left|ETA|eta)\b")
_INTENDED: Final = re.compile(r"\d ?ms intended \w+ $")
_TIMED_OUT: Final = re.compile(r"\btim(?:ed|es|e|ing) ?out\b", re.I)
_PERIODIC_WORK: Final = re.compile(r"Finished .+\. (\d{1,3}(?:,\d{3})+|\d+) ms$")
# A rate of items in brackets right after the time (Squid's store rebuild and clean-log
# writes: "Took 0.43 seconds (27532.10 objects/sec).", "(  0.00 entries/sec)"): the time of
# a batch of maintenance work, reported as its throughput, not a request's. A rate of bytes
# is a transfer's (transfer_took), timed.
_ITEM_RATE: Final = re.compile(
    r" \( *\d[\d.,]* ?(?![KkMGT]?i?(?:B|bytes?|bits?|b)/)[A-Za-z]+/s(?:ec)?\)"
)
# A unit duration_text does not read in words (it reads "sec", "seconds": measures.DURATION_UNITS).
_PROSE_UNITS: Final = {
    "milli sec": "ms",
    "milli secs": "ms",
    "milli second": "ms",
    "milli seconds": "ms",
    "usec": "us",
    "usecs": "us",
    "msec": "ms",
    "msecs": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "Milliseconds": "ms",
    "Seconds": "seconds",
}


# A start-up's step timed with ``took``: the step named as it goes on before the time
# (RabbitMQ's boot ``Recovering 0 queues of type rabbit_classic_queue took 77ms``) or as what
# the time was spent on after it (org.reflections' ``Reflections took 29 ms to scan 1 urls``,
# logged as a Java service starts), or opening it as a setup (Home Assistant's ``Setup of
# domain http took 0.01 seconds``). No request's, as ``initialization completed in`` is not.
_BOOT_STEPS: Final = frozenset(
    {"recovering", "recovered", "loading", "initializing", "initialising", "initialization",
     "initialisation", "starting", "booting", "bootstrapping", "warming", "replaying",
     "scanning", "setup",
     # an inference server's model made ready (vLLM's "torch.compile took 3.48 s in total";
     # _MODEL_READY's phrases)
     "warmup", "warm-up", "torch.compile"}
)  # fmt: skip
# vLLM's other steps of making its model ready: "Initial profiling/warmup run took 0.95 s",
# "init engine (profile, create kv cache, warmup model) took 867.33 s", "Directly load the
# compiled graph(s) ... from the cache, took 0.987 s"
_MODEL_READY: Final = re.compile(r"\b(?:profiling/warmup|init engine|compiled graph)")
_BOOT_NOUNS: Final = frozenset(
    {"recovery", "initialization", "initialisation", "startup", "start-up", "boot",
     "bootstrap", "replay"}
)  # fmt: skip
_TO_BOOT: Final = re.compile(r" to (?:scan|load|initiali[sz]e|start|boot|bootstrap|warm up)\b")


def _boot_step(message: str, m: re.Match[str]) -> bool:
    """Does the clause of ``m`` open with a start-up's step, its first or second word (after
    a tag: RabbitMQ's ``<0.642.0> Recovering 0 queues ...``)? The clause opens after a
    layout's `` - `` too (Airflow's ``{plugins_manager.py:346} DEBUG - Loading 1 plugin(s)
    took 0.04 seconds``, ``... - Initialization of Providers Manager[list] took 0.07 s``).
    Or is the step named right before its ``took`` (Kafka's LogLoader at start-up: ``Producer
    state recovery took 0ms for snapshot load and 0ms for segment recovery ...``)?"""
    at = m.start()
    start = max(message.rfind(". ", 0, at), message.rfind(": ", 0, at))
    start = start + 2 if start >= 0 else 0
    dash = message.rfind(" - ", start, at)
    clause = message[dash + 3 if dash >= 0 else start : at]
    words = clause.split(None, 4)
    if any(w.lower() in _BOOT_STEPS for w in words[:2]) or _MODEL_READY.search(clause):
        return True
    while words[:1] and words[0][:1] in "([" and words[0][-1:] in ")]":
        del words[0]  # a layout's thread and logger (Home Assistant's "(MainThread) [name]")
    if words[:1] and words[0].lower() == "setup":
        # (only a setup behind them: "[worker-3] [req-42] Loading profile took 45ms" is a
        # request's step, its context in brackets)
        return True
    return clause.rstrip().rpartition(" ")[2].lower() in _BOOT_NOUNS


def _clause_head(message: str, at: int) -> str:
    """The first word, in lower case, of the clause ``at`` is in (after the last ``. ``,
    ``; ``, ``: `` or `` - `` before it: a layout's head, ``- app - INFO - Retrying ...``)."""
    start = max(message.rfind(". ", 0, at), message.rfind("; ", 0, at), message.rfind(": ", 0, at))
    dash = message.rfind(" - ", 0, at)
    start = max(start + 2 if start >= 0 else 0, dash + 3 if dash >= 0 else 0)
    space = message.find(" ", start, at)
    return message[start : space if space >= 0 else at].lower()


# A run of work named right before its verb of completion, then ``in`` and its time: Jira's
# backup service, ``Data export completed in 150ms. Wrote 513 entities to ...``; a sync's, an
# import's, a job's. A start-up's step (``initialization completed in``) names none of these.
_WORK_DONE: Final = re.compile(r"(?:^|[\s:])([A-Za-z][\w-]*) (?:completed|finished|done)$")
_WORK_NOUNS: Final = frozenset(
    {"export", "import", "backup", "restore", "sync", "synchronization", "synchronisation",
     "reindex", "re-index", "reindexing", "indexing", "job", "task", "run", "transfer",
     "upload", "download", "replication", "batch", "report", "search", "build", "deploy",
     "deployment"}
)  # fmt: skip


def _work_done(message: str, at: int) -> re.Match[str] | None:
    """``<work> completed`` closing at ``at`` (the space before ``in``): its match when the
    word names a run of work (above)."""
    w = _WORK_DONE.search(message, max(0, at - 48), at - 1)
    return w if w is not None and w.group(1).lower() in _WORK_NOUNS else None


def _counted_work(message: str, at: int) -> re.Match[str] | None:
    """``Routed 7 data events`` closing at ``at``: the verb's match (rules above)."""
    c = _COUNTED_WORK.search(message, max(0, at - 72), at)
    return c if c is not None and c.group(1) not in _LIFECYCLE_VERBS else None


# rtpengine's answer to a control command: "Replying to 'offer' from 10.0.0.1:43866 (elapsed
# time 0.001112 sec)" (a progress's "elapsed time 120 s, remaining ..." is no run's time).
_REPLY_ELAPSED: Final = re.compile(r"\bReplying to .*\(elapsed time (\d+(?:\.\d+)?) sec\)$")


def prose_took(message: str) -> float | None:
    """The duration (ms) a message states in words (rules above)."""
    if message[-4:] == "sec)" and "elapsed time " in message:
        reply = _REPLY_ELAPSED.search(message)
        if reply is not None:
            return float(reply.group(1)) * 1000.0
    if "inished: " in message or "INISHED: " in message:
        done = _FINISHED_STEP.search(message)
        if done is not None:
            return duration_text(done.group(1) + done.group(2))
    if message[:6] == "Step: " or message[:5] == "Job: ":
        batch = _SPRING_BATCH.match(message)
        if batch is not None:
            return duration_text(batch.group(1))
    if message[-4:] == " ms]" and " completed [" in message:
        goal = _COMPLETED_BRACKETED.search(message)
        if goal is not None:
            return float(goal.group(1))
    if " executed in " in message:
        ran = _EXECUTED_IN.search(message)
        if ran is not None:
            return float(ran.group(1)) * 1000.0
    if (" completed after " in message or " COMPLETED after " in message) and "[Worker(" in message:
        dj = _DELAYED_JOB.search(message)
        if dj is not None:
            return float(dj.group(1)) * 1000.0
    if message[:9] == "Finished " and message[-3:] == " ms":
        w = _PERIODIC_WORK.match(message)
        if w is not None:
            return float(w.group(1).replace(",", ""))
    has_in = " in " in message
    said = has_in or "ook " in message or "ook: " in message or " time: " in message
    said = said or " after " in message or " in: " in message
    if not said and "elapsed" not in message and " sec" not in message and "pent " not in message:
        return None  # (the cheap tests first: most lines say none)
    if "CPU: user: " in message:
        return None  # PostgreSQL's rusage report: maintenance work's time, no request's
    if "[PeriodicTask" in message and (
        "[PeriodicTaskRunner] task: " in message or "[PeriodicTask::Runner] task: " in message
    ):
        # MongoDB's periodic tasks ("task: UnusedLockCleaner took: 161ms", the connection
        # pools' cleaner; 2.x's thread "PeriodicTask::Runner", 3.0 to 4.2's
        # "PeriodicTaskRunner"): the server's housekeeping
        return None
    if "post-timeout activity" in message:
        # kube-apiserver's timeout filter: how long a handler ran on after its request had
        # timed out ("post-timeout activity - time-elapsed: 7.3µs"), not the request's time
        # (its Trace's "(total time: 5004ms)" is)
        return None
    for m in _PROSE_TOOK.finditer(message):
        if m.group("ok") and _STARTED.search(message, 0, m.start()) is not None:
            continue  # a start-up's time ("Server started successfully in 2.1s")
        if _SHUTDOWN.search(message, 0, m.start()) is not None:
            # a shutdown's, however it is asked (Kafka's "Controlled shutdown request
            # returned successfully after 43ms"): the program's own, as a start-up's
            continue
        if m.group("in"):
            named = _TIMED_WORDS.search(message, 0, m.start())
            if named is None:
                named = _counted_work(message, m.start())
            if (
                named is None
                and m.group("in") == "in"
                and message[m.start() - 2 : m.start()] in ("d ", "e ")
            ):
                named = _work_done(message, m.start())  # "Data export completed in 150ms."
            if (
                named is None
                and m.group("in") == "in"
                and _clause_head(message, m.start()) == "ran"
                and "an out of " not in message  # "Ran out of retries in 30s": none ran
            ):
                named = m  # a run of work its clause opens with: "Ran scheduling loop in 0.05 s"
            if (
                named is None
                or message[max(0, m.start() - 24) : m.start()].rstrip().lower().endswith(_WAITS)
                or _clause_head(message, m.start()) in _WAITS
            ):
                # no request named before, or a wait to come ("retrying in 5s", "Retrying
                # request to /v1/chat in 0.84 seconds": the clause's verb is the wait's)
                continue
            if named.group().lower() in _STARTUP_PRONE and _STARTED.search(message, 0, m.start()):
                # a start-up's ("Initialization processed in 1041 ms", Tomcat's; "Setup step
                # done, server started in 2.1s")
                continue
        if (
            m.group("in") is None
            and (_TO_BOOT.match(message, m.end()) or _boot_step(message, m))
            and _TIMED_WORDS.search(message, 0, m.start()) is None
        ):
            # a start-up's step ("Reflections took 29 ms to scan 1 urls"), where no request
            # is named ("Slow request: loading user took 3500ms" is one's)
            continue
        if message.startswith("Throttling request took "):
            continue  # client-go's rate limiter: the wait before a call it made, no call's time
        if "Putting task artifact state for " in message or "up-to-date" in message:
            # Gradle's own bookkeeping at --debug and --info (ResolveTaskExecutionModeExecuter,
            # "... into context took 0.0 secs."; 2.x-4.x's "Skipping task ':x' as it is
            # up-to-date (took 0.012 secs).", "(up-to-date check took 0.044 secs)"): no
            # task's run, its build's time closes the log
            continue
        if m.group("in") == "after" and _TIMED_OUT.search(message) is not None:
            continue  # a time-out's limit: "Timed out adding query result ... after 60 seconds"
        if m.group("in") == "after" and _aged_in_clause(message, m.start()):
            # an age a cache's entry reached (Neo4j's "Discarded stale query from the query
            # cache after 29 seconds"), no work's time
            continue
        if m.group("in") == "after" and message.startswith(", continuing", m.end()):
            # a wait that ended, the program going on: Artifactory's start-up waiting on its
            # Access server, "Got response from Access server after 3824 ms, continuing."
            continue
        if _TO_GO.search(message, m.end(), m.end() + 40):
            continue  # a run's progress: "elapsed time 120 s, remaining 150 s", "ETA 2m"
        if _INTENDED.search(message, max(0, m.start() - 40), m.start()):
            continue  # a loop's overrun of its cadence: "1000ms intended loop took 41200ms"
        if message[m.end() : m.end() + 2] == " (" and _ITEM_RATE.match(message, m.end()):
            continue  # a batch's throughput: "Took 0.12 seconds (15283.33 entries/sec)."
        return duration_text(m.group("v") + _PROSE_UNITS.get(m.group("u"), m.group("u")))
    if (has_in or " after " in message) and "s" in message[-2:]:  # (the unit closes: "ms.")
        d = _DONE_ALONE.search(message, max(0, len(message) - 48))
        if d is not None:
            return duration_text(d.group(1) + _PROSE_UNITS.get(d.group(2), d.group(2)))
    return None


# ``key=value`` pairs in a text line that is no record (Sidekiq's ``... elapsed=2.75 INFO:
# done`` behind a relay's header, GitLab Runner's padded message then ``duration_s=12.5``).
# A value may be quoted as klog's InfoS quotes a string (kube-apiserver's httplog since 1.19:
# ``"HTTP" verb="GET" URI="/api/v1/pods" latency="1.2ms" ... resp=200``), one token inside.
# The first pair of a Java object's toString may open its brackets (Elasticsearch's task
# result: ``finished with response BulkByScrollResponse[took=540.2ms,timed_out=false,...]``).
_TEXT_PAIR: Final = re.compile(r'(?<![^\s,\[])([A-Za-z_][\w.-]*)=(?:"(?=[^\s,"]+"))?([^\s,"]+)')


def _in_object(message: str, at: int) -> bool:
    """Whether ``at`` is inside an object's printed form, ``Name(k=v,...)`` (a Python repr,
    Ryu's ``OFPFlowStats(...,duration_sec=4189,...)``): a field of the thing printed (an
    OpenFlow flow's age), not the line's own timing."""
    open_at = message.rfind("(", 0, at)
    return open_at > 0 and message[open_at - 1].isalnum() and ")" not in message[open_at:at]


# A span asked for, where it starts then how long: nginx-rtmp's ``play: name='cam' args=''
# start=0 duration=0 reset=0`` (the play command's arguments), a seek's ``offset=10
# duration=5``: a parameter of the work to do, not the time some work took. Bare numbers only:
# a span's ``start=1714557602123 duration=350ms`` (its unit written) is one timed.
_SPAN_START: Final = re.compile(r"\b(?:start|offset|from)=-?\d+(?:\.\d+)? $")


def _after_start(message: str, at: int) -> bool:
    """Whether the pair at ``at`` follows a ``start=N`` pair (rule above)."""
    return _SPAN_START.search(message, max(0, at - 24), at) is not None


# A unit as the key (Slurm's ``_slurm_rpc_submit_batch_job: JobId=553 InitPrio=... usec=139``,
# its RPC's handling time as slurm_diff_tv_str writes it; client-go's round_trippers, klog's
# ``"Response" verb="GET" url="..." status="200 OK" milliseconds=12``, the call's time): the
# number is that many units. Sub-second units only: ``secs=30``, ``seconds=30`` are as often
# a setting (``timeout secs=30``).
_UNIT_KEYS: Final = {
    "usec": US, "usecs": US, "msec": MS, "msecs": MS, "nsec": NS, "nsecs": NS,
    "milliseconds": MS, "microseconds": US, "nanoseconds": NS,
}  # fmt: skip
# A number with its unit, after a key's ``=`` or ``:`` (Ignite's ``time=21 ms]``, Pacemaker's
# ``exec-time:14ms``): the unit alone tells a duration from a time of day or a count.
_NUMBER_UNIT: Final = re.compile(r"(\d+(?:\.\d+)?) ?(ns|us|µs|ms|s)(?![\w.:])")
# ``key:value`` pairs (Pacemaker's execd: ``rsc:d1 action:start call_id:21 ... exec-time:33ms
# queue-time:0ms``), a number right after the colon.
_COLON_PAIR: Final = re.compile(r"(?<![^\s,(\[])([A-Za-z][\w.-]*):(?=\d)")


def timed_key(key: str) -> bool:
    """Does a key of no known name end in ``time`` (``time``, ``exec-time``, ``run_time``)
    with no word of a wait, a limit or another thing's time (``queue-time``, ``cpu_time``)?"""
    if not key.endswith(("time", "Time", "TIME")):
        return False
    words = {w.lower() for w in _WORD_BREAK.split(key) if w}
    return not words & _NOT_RUN


# A key saying what was done and "in" (a middleware's "rid=IOMETF completed_in=0.38ms
# status_code=200"): the time the work took, read when its unit is written.
_DONE_IN_KEY: Final = re.compile(
    r"(?i)(?:completed|finished|done|processed|served|handled|executed|responded)[_-]?in"
)


def _unit_timed_key(key: str) -> bool:
    """A text pair's key whose value, its unit written, is a time spent: one ending in
    ``time`` (timed_key) or a done-in key."""
    return timed_key(key) or _DONE_IN_KEY.fullmatch(key) is not None


# A point in time, not a time spent (a record's "startTime", a player's "currentTime").
_POINT_WORDS: Final = frozenset(
    {"start", "end", "begin", "stop", "current", "offset", "position", "seek", "last", "at",
     "create", "created", "update", "updated", "modified", "first"}
)  # fmt: skip


# A setting's period, the time between two runs of a thing (a config dump's "refreshTime":
# "30s", "pollTime", "graceTime"), not a time spent.
_PERIOD_WORDS: Final = frozenset(
    {"refresh", "poll", "polling", "grace", "reconnect", "heartbeat", "renew", "renewal",
     "cooldown", "linger", "rotate", "rotation", "keepalive", "alive"}
)  # fmt: skip


def spent_time_key(key: str) -> bool:
    """A record's key of no known name that names a time spent (timed_key) and not a point
    in time nor a setting's period: ``processingTime``, ``executionTime`` (not
    ``startTime``, ``retryTime``, ``refreshTime``)."""
    if not timed_key(key):
        return False
    words = {w.lower() for w in _WORD_BREAK.split(key) if w}
    return not words & _POINT_WORDS and not words & _PERIOD_WORDS


def _unit_value(message: str, at: int) -> float | None:
    """The ms of a number with its unit at ``at`` (``21 ms``, ``14ms``), else None."""
    m = _NUMBER_UNIT.match(message, at)
    return duration_text(m.group(1) + m.group(2)) if m is not None else None


# (a total's pair, its unit written; with it, at least one other pair of a time spent, its
# unit written: a phase; _PHASE_TIMES counts the total too)
_PHASES_TOTAL: Final = re.compile(
    r'(?<![^\s,{\[])(total_time|time_total|totalTime|total_duration)="?'
    r'(\d+(?:\.\d+)?(?:ns|us|µs|ms|s))"?(?=[\s,}\]]|$)'
)
_PHASE_TIMES: Final = re.compile(
    r'(?<![^\s,{\[])[A-Za-z]\w*_time="?\d+(?:\.\d+)?(?:ns|us|µs|ms|s)"?(?=[\s,}\]]|$)'
)
_OWN_UPKEEP: Final = re.compile(
    r"(?i)\b(?:compaction|clean ?up|housekeeping|maintenance|retention|rotation|snapshot"
    r"|checkpoint|vacuum|garbage.collect\w*|gc)\b"
)
_SPAN_CLOSED: Final = re.compile(r"\bclose time\.busy=(\S+) time\.idle=(\S+)")
_SPACED_PAIR: Final = re.compile(r"\b([A-Za-z_][\w.-]*) = (\d+(?:\.\d+)? ?(?:ns|us|µs|ms|s))\b")


def pair_duration(message: str) -> tuple[str, float] | None:
    """The first pair whose key names a duration (as a record's key would: a known name, or
    its words; a unit as the key; a key ending in ``time`` with a unit after its number),
    read in the unit the name or the logger's convention says. ``key:value`` pairs too
    (no space after the colon) for keys ending in ``time``, their unit written. A span's
    close (its busy and idle times) and a total beside its phases' times come before any
    pair (_PHASES_TOTAL)."""
    if "time.busy=" in message and (span := _SPAN_CLOSED.search(message)) is not None:
        # tracing-subscriber's span close (FmtSpan::CLOSE): the span's life, its busy and
        # idle times (a request span's, tracing-actix-web's: the request's whole time)
        busy, idle = duration_text(span.group(1)), duration_text(span.group(2))
        if busy is not None and idle is not None:
            return "duration_ms", busy + idle
    if (
        "total" in message
        and (total := _PHASES_TOTAL.search(message)) is not None
        and len(_PHASE_TIMES.findall(message)) >= 2
    ):
        # a request's total beside its phases' times (text-generation-inference's span:
        # 'total_time="11.98s" validation_time="317.897µs" queue_time="61.5µs"
        # inference_time="11.97s"'): the whole is the request's, whatever the span is named,
        # a phase (the first pair, read below) only a part of it; a store's upkeep timed so
        # ("compaction done total_time=12s read_time=3s") its own, as any duration of it is
        d = duration_text(total.group(2))
        if d is not None:
            own = _OWN_UPKEEP.search(message) is not None
            return ("duration_ms" if own else "request_duration_ms"), d
    if "=" in message:
        for m in _TEXT_PAIR.finditer(message):
            key = m.group(1)
            role = ROLES.get(key)
            if role is None:
                role = guess_role(key)
            if role is None or role[0] != DURATION:
                unit = _UNIT_KEYS.get(key)
                if unit is not None and m.group(2).isdigit():
                    return "duration_ms", int(m.group(2)) * unit
                if m.group(2)[:1].isdigit() and _unit_timed_key(key):
                    d = _unit_value(message, m.start(2))
                    if d is not None and not _in_object(message, m.start()):
                        return "duration_ms", d
                continue
            if _in_object(message, m.start()) or (
                m.group(2)[-1:].isdigit() and _after_start(message, m.start())
            ):
                continue
            d = duration_ms(m.group(2), role[3])
            if d is not None:
                return role[2], d
    if " = " in message:
        # a key spaced from its value, its unit written (a servlet filter's "request uri
        # =/view/x, executeTime = 158ms"): a time spent by its key's words
        for m in _SPACED_PAIR.finditer(message):
            if _unit_timed_key(m.group(1)):
                d = duration_text(m.group(2))
                if d is not None:
                    return "duration_ms", d
    if "time:" in message or "Time:" in message:  # ThinkPHP's "[ RunTime:0.000431s ]"
        for m in _COLON_PAIR.finditer(message):
            if _colon_timed_key(m.group(1)):
                d = _unit_value(message, m.end())
                if d is not None:
                    return "duration_ms", d
    return None


def _colon_timed_key(key: str) -> bool:
    """A ``key:`` of a time spent (timed_key). A camel-case key is read as a record's is, its
    words no point in time nor a setting's period, and its words joined no other thing's time
    (``RunTime``, ``UseTime``; not ``CreateTime``, ``LastTime``, ``EndTime``, ``UpTime``,
    ``CPUTime``: capitals the word break does not split)."""
    if key.endswith("Time"):
        return spent_time_key(key) and timed_key(key.lower()) and key[:-4].lower() not in _NOT_RUN
    return timed_key(key)


# A line that is a list of ``key: value`` pairs, ``, `` between them: HDFS DataNode's
# clienttrace (DataNode.DN_CLIENTTRACE_FORMAT: ``src: %s, dest: %s, bytes: %s, op: %s, cliID:
# %s, offset: %s, srvID: %s, blockid: %s, duration: %s``). A key naming a duration, as a
# record's key would (section 6), is read in the unit its name says, or the unit in brackets
# after it (Hadoop 2.8 and on: ``duration(ns): %s``), or the one written with the number
# (``latency: 12ms``); a bare number under a name saying no unit says none, but in a
# clienttrace (``dest: `` and an ``op: HDFS_...``; a flow's ``src: ..., dest: ..., duration: 30``
# is no HDFS op) it is System.nanoTime()'s difference in every release.
_LISTED: Final = re.compile(r"(?:^|, )([A-Za-z][\w.-]*)(?:\((ns|us|µs|ms|s)\))?: ([^\s,]+)(?=,|$)")


def listed_duration(message: str) -> tuple[str, float] | None:
    """The first duration in a line of ``key: value`` pairs (rule above), as a sample's
    name and ms, else None."""
    if ", " not in message or ": " not in message:
        return None
    pairs = _LISTED.findall(message)
    if len(pairs) < 3:
        return None  # a sentence's "note: x, y" is no list
    for key, bracket, value in pairs:
        role = ROLES.get(key)
        if role is None:
            role = guess_role(key)
        if role is None or role[0] != DURATION:
            continue
        if bracket:
            unit = DURATION_UNITS[bracket]
        elif role[3] != AUTO:
            unit = role[3]
        elif value[-1:].isdigit():
            if ", dest: " not in message or ", op: HDFS_" not in message:
                return None  # no unit said (a flow's "src: ..., dest: ..., duration: 30")
            unit = NS
        else:
            d = duration_text(value)
            return None if d is None else (role[2], d)
        try:
            return role[2], float(value) * unit
        except ValueError:
            return None
    return None


# A duration under a label, as a clock or in words: Bacula's storage daemon ``Elapsed
# time=00:00:01, Transfer rate=...`` (``%02d:%02d:%02d``) and its job report's ``Elapsed time:
# 1 min 5 secs`` (edit_utime: years, months, days, hours, mins, secs), restic's ``duration:
# 37:53`` (formatDuration: ``M:SS``, ``H:MM:SS``); .NET's TimeSpan, ``hh:mm:ss.fffffff``, under
# ``Duration:`` or after ``took``/``took:`` (hours, minutes and seconds: ``took 10:30`` may be
# a time of day) (Exchange setup's ``[Duration:00:00:00.4843747]``,
# ``EnsureDefinitionsAreLoaded took: 00:00:00.0680081``). A number with a unit under
# ``duration:`` after a word naming work that ran (HAProxy's health check, ``check duration:
# 3ms, status: 3/3 UP.``; not ``lease duration: 15s``: ``_RAN``); one opening the message is
# left to the readers before (PostgreSQL's ``duration: 1.2 ms  statement:`` is a query's).
_CLOCK: Final = r"\d+:\d\d(?::\d\d(?:\.\d+)?)?(?![\d:])"
_WORDED: Final = (
    r"\d+ (?:months?|days?|hours?|mins?|secs?)(?: \d+ (?:months?|days?|hours?|mins?|secs?))*\b"
)
_LABELLED: Final = re.compile(
    r"(?<![\w-])(?:(?:[Ee]lapsed(?: [Tt]ime)?|[Dd]uration)(?:=| *: *)(?:("
    + _CLOCK
    + ")|("
    + _WORDED
    + r")|(?<=\w [Dd]uration: )(\d+(?:\.\d+)?(?:ns|us|µs|ms|s)))"
    + r"|[Tt]ook:? (\d+:\d\d:\d\d(?:\.\d+)?))"
    + r"(?=[,;.]?(?:\s|$)|[\])])"
)
# Work said done in a clock's time, closing the line: restic's scan, ``scanned 3254 directories,
# 26534 files in 4:47`` (formatDuration). Only after a verb of work done at the line's start: a
# clock after ``in`` elsewhere is as often a time of day (``opens in 10:30 tonight``).
_DONE_IN_CLOCK: Final = re.compile(r" in (" + _CLOCK + r")$")
_DONE_WORDS: Final = ("scanned ", "processed ", "checked ", "finished ", "completed ", "done ")
# systemd's start-up (src/core/manager.c, manager_notify_finished): ``Startup finished in 27ms.``,
# ``... in 1.2s (kernel) + 0.9s (initrd) + 3.4s (userspace) = 5.5s.``: a start-up's time, no
# request's (as Spring's ``initialization completed in``): no duration.
_STARTUP: Final = "Startup finished in "


# A command-line tool's own time of the statement it ran, opening its line: Hive CLI's
# (CliDriver) ``Time taken: 1.25 seconds``, a query's ``, Fetched: 12 row(s)`` after it.
# After a query (its rows fetched, the seconds a Java double) the query's time; after "OK"
# alone a statement's (the parser's _start_plain); another program's "Time taken:" times
# whatever it says.
_HIVE_TIME_TAKEN: Final = re.compile(r"Time taken: (\d+\.\d+) seconds, Fetched: \d+ row\(s\)")
_TIME_TAKEN: Final = re.compile(
    r"Time taken: (\d+(?:\.\d+)?) ?(ns|us|µs|ms|s|secs?|seconds?)(?:,|\.?$)"
)
# dnf's Timer (dnf/logging.py, at its DDEBUG level): ``timer: depsolve: 57 ms``, a step of the
# run (loading the config, the sack, resolving, the transaction) and its time.
_STEP_TIMER: Final = re.compile(r"timer: [^:]{1,60}: (\d+) ms$")


def _clock_ms(text: str) -> float:
    """``H:MM:SS`` (a fraction of a second after it too) or ``M:SS`` as milliseconds."""
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + float(part)
    return total * S


def _labelled(text: str) -> float | None:
    """A duration under ``Elapsed time``/``duration``, a clock or in words (``_LABELLED``)."""
    if "lapsed" not in text and "uration" not in text and "ook" not in text:
        return None
    m = _LABELLED.search(text)
    if m is None:
        return None
    if m.group(3):
        # "check duration: 3ms": the word says what ran; "lease duration: 15s", "Video
        # duration: 120s", "TTL duration: 300s" say a setting's or a medium's length
        at = m.start(3) - len("duration: ")
        said = text[max(0, at - 40) : at].lower().split()
        if said and said[-1][:1] == "#":
            del said[-1]  # the work's number between ("request #11 duration: 0ms")
        said = said[-2:]
        if not said or said[-1] not in _RAN or (len(said) == 2 and said[0] in _BOUND):
            return None  # "max request duration: 30s" too: a limit set, not a time taken
        return duration_text(m.group(3))
    if m.group(2):
        return duration_text(m.group(2))
    return _clock_ms(m.group(1) or m.group(4))


# A run's time under its label: "execution time:" (JFrog Artifactory's jobs: TrashcanPruner's
# "Trashcan pruning total execution time: '67 millis'", its storage garbage collector's report
# row "Total execution time:    154 millis"), its value quoted or padded; not a limit's ("max
# execution time: 30s", PHP's max_execution_time). And "Duration:" opening a sentence of a
# message that said its work finished or completed (Artifactory's repository export,
# "generic-local export finished with: 1 Items exported (...).Duration: 215 millis IPS: 4.65").
# Nor the time a run has left (AWS Lambda's context.get_remaining_time_in_millis(), logged
# "Remaining execution time: 899873 ms"), nor a statistic over runs ("Average execution
# time: 230 ms", a benchmark's summary beside its "Max execution time").
_NOT_A_RUN: Final = _BOUND | {"remaining", "left", "average", "avg", "mean", "median"}
_RUN_VALUE: Final = re.compile(
    r" *'?(\d+(?:\.\d+)?) ?(ns|us|µs|ms|millis|s|secs?|seconds?|mins?|minutes?)\b"
)


def run_time(text: str) -> float | None:
    """The time (ms) a run's label says (rules above), else None."""
    i = text.find("xecution time:")
    if i > 0 and text[i - 1] in "Ee" and (i == 1 or not text[i - 2].isalnum()):
        said = text[max(0, i - 24) : i - 1].lower().split()
        if not said or said[-1] not in _NOT_A_RUN:
            v = _RUN_VALUE.match(text, i + 14)
            if v is not None:
                return duration_text(v.group(1) + v.group(2))
    i = text.find("Duration: ")
    if i > 1 and (text[i - 1] == "." or text[i - 2 : i] == ". "):
        before = text[:i]
        if " finished" in before or " completed" in before:
            v = _RUN_VALUE.match(text, i + 9)
            if v is not None:
                return duration_text(v.group(1) + v.group(2))
    return None


def said_duration(message: str) -> float | None:
    """A duration (ms) said under a label as a clock or in words, a piece of work said done
    in a clock's time (rules above); else None. String tests first."""
    labelled = _labelled(message)
    if labelled is not None:
        return labelled
    if "xecution time:" in message or "Duration: " in message:
        ran = run_time(message)
        if ran is not None:
            return ran
    if message[:12] == "Time taken: ":
        m = _TIME_TAKEN.match(message)
        if m is not None:
            return duration_text(m.group(1) + m.group(2))
    elif message[:7] == "timer: " and message[-3:] == " ms":
        m = _STEP_TIMER.match(message)
        if m is not None:
            return float(m.group(1))
    if _STARTUP in message:
        return None  # a start-up's time, as Spring's and Tomcat's: no request's
    if message[-3:-2] == ":" and message.startswith(_DONE_WORDS):
        m = _DONE_IN_CLOCK.search(message)
        if m is not None:
            return _clock_ms(m.group(1))
    return None


# An entry's indented detail line closed by what its work took: Z-Wave JS's driver log
# under ``DRIVER « [REQ] [SendData]``, ``transmit status:        OK, took 10 ms``.
_DETAIL_TOOK: Final = re.compile(r"\btook (\d+(?:\.\d+)?) ?(ns|us|µs|ms|s)$")


# Cassandra's slow query log (MonitoringTask, 3.10 on, debug.log): "N operations were slow in
# the last 5074 msecs:" (or "timed out"), then a line per operation, "<SELECT ...>, time 2080
# msec - slow timeout 500 msec" ("total time 10058 msec, timeout 10000 msec" for a timed
# out one; "was slow 3 times: avg/min/max ..." for a repeated one, no single time).
_CASSANDRA_OPERATION: Final = re.compile(r">, (?:total )?time (\d+) msec\b")


def cassandra_slow(message: str, first: str) -> float | None:
    """The first operation's time (ms) of a Cassandra slow-query entry, else None."""
    if "operations were slow in the last" not in message and (
        "operations timed out in the last" not in message
    ):
        return None
    m = _CASSANDRA_OPERATION.search(first)
    return None if m is None else float(m.group(1))


# A statement's time opening the message, its SQL after it (UCMDB's DAL slow log: "2942ms
# N/A SELECT * FROM HA_WRITER for update", the connections' ids between; its log4j layout's
# "[%t] - " before it when the line's reading left that in the message, a thread's name long
# and spaced: 'Starter for "model_topology" (during Writer server startup). (customer 1, ...)').
_TIMED_STATEMENT: Final = re.compile(
    r"(?:\[[^\]]{1,200}\] +- +)? *(\d+(?:\.\d+)?(?:ms|s)) (?:[\dA-Z/_-]+ +){0,8}"
    r"(?i:select|insert|update|delete|merge|create|truncate|drop|alter) "
)


def statement_first(message: str) -> float | None:
    """The time (ms) a message opens with when a SQL statement follows it (rule above)."""
    m = _TIMED_STATEMENT.match(message)
    return None if m is None else duration_text(m.group(1))


# Kubernetes' utiltrace before 1.12 (k8s.io/apiserver's trace.go): "Trace "List /api/v1/nodes"
# (started ...):" then its steps, closed by '"List /api/v1/nodes" [1.416315181s] [997ns] END':
# the request's total time first.
_TRACE_END: Final = re.compile(
    r'"[^"]{1,200}" \[(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m))\] \[[^\]]+\] END$'
)


def trace_end(message: str, detail: list[str]) -> float | None:
    """The total time (ms) of a Kubernetes request trace under its entry (rule above)."""
    if not message.startswith('Trace "') and 'Trace "' not in message[:40]:
        return None
    for line in reversed(detail[-3:]):
        if line.endswith("] END"):
            m = _TRACE_END.search(line)
            return None if m is None else duration_text(m.group(1))
    return None


def slow_query_report(message: str, detail: list[str]) -> float | None:
    """The ms of Flask-SQLAlchemy's slow-query recipe (its docs' and the Flask Mega-
    Tutorial's ``"SLOW QUERY: %s\\nParameters: %s\\nDuration: %fs\\nContext: %s"``), its lines
    under the entry (the message or one of its first two lines saying ``SLOW QUERY:``): the
    ``Duration:`` after the ``SLOW QUERY:`` line, in seconds (its ``s`` left out by some
    copies)."""
    if "SLOW QUERY: " in message or detail[0][:12] == "SLOW QUERY: ":
        lines = [message, *detail[:63]]
    elif len(detail) > 1 and detail[1][:12] == "SLOW QUERY: ":
        lines = detail[:64]
    else:
        return None
    seen = False
    for line in lines:
        if line[:12].upper() == "SLOW QUERY: ":
            seen = True
        elif seen and line[:10] == "Duration: ":
            try:
                return float(line[10:].strip().removesuffix("s")) * S
            except ValueError:
                return None
    return None


def detail_duration(detail: list[str]) -> float | None:
    """A duration under a label on an indented line of an entry's report (Bacula's job
    report under its ``Bacula bacula-dir 9.6.7 (10Dec20):`` line: ``  Elapsed time:  1 sec``),
    or a ``took 10 ms`` closing such a line (rule above)."""
    for line in detail:
        if line[:1] not in (" ", "\t"):
            if "xecution time:" in line[:24]:
                ran = run_time(line)  # a report's row at the margin (Artifactory's GC's)
                if ran is not None:
                    return ran
            continue
        labelled = _labelled(line)
        if labelled is not None:
            return labelled
        if "took " in line and line[-1:] == "s":
            t = _DETAIL_TOOK.search(line, max(0, len(line) - 32))
            if t is not None:
                return duration_text(t.group(1) + t.group(2))
    return None


# A program's own timing of a run of its work, closing its line, as it words it:
# the JVM's GC log. Unified logging (JDK 9+, ``-Xlog:gc``): a ``[gc]``-tagged line
# ``GC(7) Pause Young (Normal) (G1 Evacuation Pause) 40M->12M(256M) 7.842ms`` closes a pause
# or a concurrent phase (the steps under ``gc,phases`` and such are parts of it); JDK 8's
# ``-XX:+PrintGCDetails``: ``[GC (Allocation Failure) [ParNew: ..., 0.0211 secs] ...,
# 0.0213 secs] [Times: ... real=0.02 secs]``, the pause the last ``, N secs]`` (the
# collector's own comes first; ``real=`` is no such number).
_UNIFIED_GC: Final = re.compile(r"\[gc *\] GC\(\d+\) .*? (\d+(?:\.\d+)?)ms$")
_GC_SECS: Final = re.compile(r", (\d+\.\d+) secs\]")
# neutron-openvswitch-agent's loop: ``Agent rpc_loop - iteration:17 completed. Processed
# ports statistics: {...}. Elapsed:0.250`` (``%.3f`` seconds of time.time()).
_NEUTRON_LOOP: Final = re.compile(r"\biteration:\d+ completed\. .*Elapsed:(\d+\.\d+)$")
# MongoDB 2.x-4.2's slow operation: one line, ``... locks:{ ... } protocol:op_msg 215ms``;
# 3.0 leaves out the locks of a command that took none (``... numYields:0 reslen:37 365ms``).
_MONGO_SLOW: Final = re.compile(r" (\d+)ms$")
# The server's own periodic threads (the session cache's refresh and reaping, the TTL index
# monitor, 3.6's unnamed "[thread13]" creating config.system.sessions' index): their
# operations are its housekeeping, no client's work.
_MONGO_CHORES: Final = (
    "[LogicalSessionCache", "[TTLMonitor]", *(f"[thread{n}" for n in range(1, 10))
)  # fmt: skip
# HBase's (and Hadoop RPC's) slow call, ``(responseTooSlow): {..."processingtimems":956,
# "client":...,"queuetimems":0,...}`` (RpcServer.logResponse): the call's time (ms).
_HBASE_SLOW: Final = re.compile(r'"processingtimems":(\d+)[,}]')
# iputils' ping reply: ``64 bytes from 10.1.2.3: icmp_seq=4 ttl=64 time=12.4 ms``.
_PING_REPLY: Final = re.compile(r" icmp_seq=\d+ ttl=\d+ time=(\d+(?:\.\d+)?) ms$")
# Ecto's query log (Ecto.Adapters.SQL, as Phoenix shows it): ``QUERY OK source="carts"
# db=1.9ms decode=0.1ms queue=0.2ms idle=1798.5ms``, ``QUERY ERROR ...``: ``db`` the query's
# time in the database (the queue's wait and the pool's idle time are not the query's).
_ECTO_QUERY: Final = re.compile(r"\bQUERY (?:OK|ERROR)\b.*? db=(\d+(?:\.\d+)?(?:µs|ms|s))(?!\w)")
# SharePoint's monitored scope (SPMonitoredScope, ULS): ``Leaving Monitored Scope: (Name)
# Execution Time=153.7687; CPU Milliseconds=1; SQL Query Count=0; Parent=...``, the scope's
# time in ms, no unit written.
_EXECUTION_TIME: Final = re.compile(r"\bExecution Time=(\d+(?:\.\d+)?)(?:;|$)")
# Django's query log (django.db.backends at DEBUG, CursorDebugWrapper): ``(0.003) SELECT ...;
# args=(1,)`` (``%.3f`` seconds, then the statement; later releases add ``; alias=default``),
# as any layout carries it (Celery's worker's ``[...: DEBUG/Worker-2] (0.003) SELECT ...``):
# the statement's time, the seconds in brackets right before an SQL word in capitals.
_DJANGO_QUERY: Final = re.compile(r"(?<!\S)\((\d+\.\d{3})\) [A-Z]{3,}\b")


# Mail and directory servers' own summary of a piece of work (issue 17, set 25):
# 389-DS's and OpenLDAP's access log ``conn=7 op=2 RESULT err=0 ... etime=0.001710000``,
# ``etime`` the operation's whole elapsed time in seconds (389-DS's docs: wtime the wait in
# the work queue, optime the work, etime their total; OpenLDAP 2.5's ``qtime= etime=``);
# rspamd's task log (rspamd_task_write_log's default format) ``len: 4120, time: 48.310ms
# real, 12.004ms virtual, ...`` (the wall time; older releases and fixtures write ``time:
# 5.20ms`` alone). Not amavis' ``Passed CLEAN ..., 812 ms``: that check's time is inside
# the delay= Postfix logs for the message's hand-over to amavis (relay=127.0.0.1:10024).
_LDAP_ETIME: Final = re.compile(r" etime=(\d+(?:\.\d+)?)(?!\S)")
_RSPAMD_TIME: Final = re.compile(r"\blen: \d+, time: (\d+(?:\.\d+)?)ms(?: real,|,|$)")
# Neo4j's query.log (db.logs.query): a finished query's ``id:7 - 3617 ms: -1 B - bolt-session
# ...`` (4.x/5.x; its time, then the bytes allocated) and 3.x's ``2210 ms: (planning: 31,
# waiting: 0) - 88 B - ...``: the query's time in ms, opening the message. VERBOSE's ``Query
# started: id:7 - 1621 ms: ...`` is the time so far as it starts running (its planning): the
# finished line times it whole.
_NEO4J_QUERY: Final = re.compile(
    r"(?:(?:transaction )?id:\d+ - )*(\d+) ms: (?:-?\d+ B - |\(planning: )"
)
# Ruby Sequel's SQL log line (Logstash's jdbc input logs through it): the statement's time in
# seconds in parentheses, then the statement ("(0.030361s) SELECT version()")
_SEQUEL_QUERY: Final = re.compile(
    r"\((\d+\.\d+)s\) (?:SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|ROLLBACK|SHOW|SET"
    r"|CREATE|ALTER|DROP|PRAGMA|CALL|EXEC) "
)
# Gitea's slow-query hook on xorm ("[Slow SQL Query] %v %v - %v": the statement, its
# arguments, then its time as Go prints a Duration: "... [1770054143] - 2m17.096810208s")
_XORM_SLOW: Final = re.compile(r" - ((?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?(?:ns|µs|us|ms|s))$")
# HashiCorp's agents before hclog (Nomad's and Consul's command/agent/http.go): ``http:
# Request /v1/jobs (181.4ms)``, Consul's with the method and the client, ``http: Request GET
# /v1/kv/x (1.2ms) from=10.0.0.7:51234``: the request's time, as Go prints a Duration.
_HASHICORP_REQUEST: Final = re.compile(
    r"\bhttp: Request (?:[A-Z]+ )?/\S* \(" + _GO_DURATION + r"\)(?: from=\S+)?$"
)


# ClickHouse's server log, a query's end: executeQuery's "Read 1 rows, 124.00 B in 0.009789
# sec., 102.15 rows/sec., ..." and the handler's "Processed in 0.01218526 sec." (seconds).
_CLICKHOUSE_QUERY: Final = re.compile(
    r"(?:\bexecuteQuery: Read \d+ rows?, [\d.]+ \w?i?B in|\b(?:TCP|HTTP|MySQL|PostgreSQL)"
    r"Handler: Processed in) (\d+(?:\.\d+)?) sec\."
)


# Exim's main log (its spec, "Log files"): an SMTP session's time ``D=`` on the line closing
# it ("SMTP connection from [198.51.100.7]:59474 lost D=2s", "closed by QUIT D=1m3s"), a
# delivery's ``DT=`` on its ``=>``/``->`` line (its call to another host: upstream time), a
# reception's ``RT=`` on its ``<=`` line:
# Exim's own spelling of a time, weeks to seconds (``1h2m3s``), seconds with a fraction
# under ``+millisec``. (``QT=`` is how long a message waited: no work's time.)
_EXIM_TIMED: Final = re.compile(
    r" (D|DT|RT)=((?:\d+[wdhm])+(?:\d+(?:\.\d+)?s)?|\d+(?:\.\d+)?s)(?= |$)"
)
_EXIM_TIMED_LINES: Final = ("SMTP connection", " => ", " -> ", " <= ")


# Terraform's apply (its UI hook, 0.12 on): "aws_vpc.main: Creation complete after 16s
# [id=vpc-0a45]", "Modifications ...", "Destruction ...", "Read complete after 1m23s": a
# resource's change, timed as a build's step is (the seconds Go's Duration truncated to).
_TF_APPLIED: Final = re.compile(
    r": (?:Creation|Modifications|Destruction|Read) complete after ((?:\d+h)?(?:\d+m)?\d+s)"
    r"(?: \[[^\]]*\])?$"
)


# PHP-FPM's request watchdog (fpm_request.c): "[pool www] child 30245, script '/x/index.php'
# (request: \"POST /index.php\") executing too slow (5.414265 sec), logging" at its
# request_slowlog_timeout, "execution timed out (31.002 sec), terminating" at its
# request_terminate_timeout: how long the request had run.
_FPM_SLOW: Final = re.compile(
    r"\(request: \"[^\"]*\"\) (?:executing too slow|execution timed out) \((\d+(?:\.\d+)?) sec\)"
)


def program_timed(message: str) -> tuple[str, float] | None:
    """A run of work a program times as it words it (rules above), as a sample's name and
    ms: a GC's or an agent loop's ``duration_ms``, a slow MongoDB operation's
    ``query_duration_ms`` (Django's query log's too), a ping's and a HashiCorp agent's request
    ``response_time_ms``, an LDAP operation's ``response_time_ms``, an rspamd task's
    ``duration_ms``. String
    tests gate each."""
    if "; args=" in message:
        m = _DJANGO_QUERY.search(message, 0, 240)
        if m is not None:
            return "query_duration_ms", float(m.group(1)) * S
    if " etime=" in message and " RESULT " in message:
        m = _LDAP_ETIME.search(message)
        if m is not None:  # an operation the server answered: its latency panel's
            return "response_time_ms", float(m.group(1)) * S
    elif ", time: " in message:
        m = _RSPAMD_TIME.search(message)
        if m is not None:
            return "duration_ms", float(m.group(1))
    elif "http: Request " in message:
        m = _HASHICORP_REQUEST.search(message)
        if m is not None:
            took = duration_text(m.group(1))
            if took is not None:
                return "response_time_ms", took
    if (" D=" in message or " DT=" in message or " RT=" in message) and any(
        mark in message for mark in _EXIM_TIMED_LINES
    ):
        m = _EXIM_TIMED.search(message)
        if m is not None:
            took = duration_text(m.group(2))
            if took is not None:
                # a session or a reception it served; a delivery its call to another host
                return (UPSTREAM_MS if m.group(1) == "DT" else "response_time_ms"), took
    if " seconds, " in message and ("clean message (" in message or "identified spam (" in message):
        scan = _SPAMD_SCAN.search(message)
        if scan is not None:  # a check spamd served (its client waits on it)
            return "response_time_ms", float(scan.group(1)) * S
    if message[:12] == "Time taken: ":
        m = _HIVE_TIME_TAKEN.fullmatch(message)
        if m is not None:  # the statement's the Hive CLI ran
            return "query_duration_ms", float(m.group(1)) * S
    if " complete after " in message:
        m = _TF_APPLIED.search(message)
        if m is not None:
            took = duration_text(m.group(1))
            if took is not None:
                return TASK_MS, took
    if " sec)" in message and "(request: " in message:
        m = _FPM_SLOW.search(message)
        if m is not None:
            return "response_time_ms", float(m.group(1)) * S
    if "QUERY " in message and " db=" in message:
        m = _ECTO_QUERY.search(message)
        if m is not None:
            took = duration_text(m.group(1))
            if took is not None:
                return "query_duration_ms", took
    if "Rendered " in message and message[-1:] == ")":
        m = _RENDERED.search(message)
        if m is not None:
            return RENDER_MS, float(m.group(1))
    if "Execution Time=" in message:
        m = _EXECUTION_TIME.search(message)
        if m is not None:
            return "duration_ms", float(m.group(1))
    if " sec." in message:
        m = _CLICKHOUSE_QUERY.search(message)
        if m is not None:
            return "query_duration_ms", float(m.group(1)) * S
    if message[:1] == "(" and "s) " in message[:16]:
        m = _SEQUEL_QUERY.match(message)
        if m is not None:
            return "query_duration_ms", float(m.group(1)) * S
    if "[Slow SQL Query] " in message and message[-1:] == "s":
        m = _XORM_SLOW.search(message, max(0, len(message) - 40))
        if m is not None:
            took = duration_text(m.group(1))
            if took is not None:
                return "query_duration_ms", took
    if " ms: " in message[:48]:
        m = _NEO4J_QUERY.match(message)
        if m is not None:
            return "query_duration_ms", float(m.group(1))
    tail = message[-5:]
    if tail.endswith("ms"):
        if "] GC(" in message:
            m = _UNIFIED_GC.search(message)
            if m is not None:
                return "duration_ms", float(m.group(1))
        elif " ms" in tail:
            if " icmp_seq=" in message:
                m = _PING_REPLY.search(message)
                if m is not None:
                    return "response_time_ms", float(m.group(1))
        elif "locks" in message or " numYields:" in message:
            m = _MONGO_SLOW.search(message, max(0, len(message) - 14))
            if (
                m is not None
                and ("locks:{" in message or "locks(micros)" in message or " numYields:" in message)
                and not message.startswith(_MONGO_CHORES, message.find("[", 0, 24))
            ):
                return "query_duration_ms", float(m.group(1))
    elif tail.endswith("]"):
        if "secs]" in message and ("[GC " in message or "[Full GC " in message):
            found = _GC_SECS.findall(message)
            if found:
                return "duration_ms", float(found[-1]) * S
    elif tail.endswith("}") and '"processingtimems":' in message:
        m = _HBASE_SLOW.search(message)
        if m is not None:
            return "duration_ms", float(m.group(1))
    elif "Elapsed:" in message[-16:]:
        m = _NEUTRON_LOOP.search(message)
        if m is not None:
            return "duration_ms", float(m.group(1)) * S
    return None


# --- a time under a key that says so, anywhere in a line ----------------------------------

# ``key=ISO``, ``key="ISO"`` (CEF's ``UNIFIutcTime=``, an XML attribute ``SystemTime="..."``)
# or ``<key>ISO`` (an XML element), the key's name saying time or date (its words may hold
# digits: "k8s.pod.start_time=", "cs1Time="; none opens with one, key_run_in).
_KEYED_TIME: Final = re.compile(
    r"(?<![\w.])(?:[A-Za-z_][\w.]*?)?(?:[Tt]ime|TIME|[Dd]ate|DATE)[A-Za-z_]*(?:=\"?|>)"
    r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)"
)


def keyed_time(line: str) -> float | None:
    """The first full time under a key whose name says time, anywhere in the line: past
    the head of a CEF line, in a Windows event's XML."""
    if "=" not in line and ">" not in line:
        return None
    for m in _KEYED_TIME.finditer(line):
        text = m.group(1)
        if "." in text:  # Windows' 7-digit fractions: fromisoformat takes at most 6
            head, _, frac = text.partition(".")
            digits = len(frac) - len(frac.lstrip("0123456789"))
            text = head + "." + frac[: min(digits, 6)] + frac[digits:]
        ts = parse_iso(text)
        if ts is not None and LOW <= ts < HIGH:
            return ts
    return None


# A full ISO 8601 time as a request line's last word: the time a custom morgan format writes
# at its end (":method :url :status ... :date[iso]"), on a line with none at its head.
_TAIL_TIME: Final = re.compile(
    r" (\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)$"
)


def tail_time(line: str) -> float | None:
    """The time a request line (its method first: ``GET /x 200 3.1 ms 2025-01-07T17:06:59.989Z``)
    with no time at its head ends with: a full ISO 8601 date and time, with a fraction or a
    zone, as its last word, the line's only one (section 7). A line of prose ending with a
    date names another moment as often as not ("scheduled for ...", "between ... and ...")."""
    if len(line) < 24 or line[: line.find(" ")] not in HTTP_METHODS:
        return None
    m = _TAIL_TIME.search(line, max(0, len(line) - 40))
    if m is None or len(m.group(1)) == 19:  # no fraction, no zone
        return None
    if _ANOTHER_DATE.search(line, 0, m.start()) is not None:
        return None  # a range, a second date: no time of the line's own
    text = m.group(1).replace(",", ".")
    if text[10] == " ":
        text = text[:10] + "T" + text[11:]
    ts = parse_iso(text)
    return ts if ts is not None and LOW <= ts < HIGH else None


_ANOTHER_DATE: Final = re.compile(r"\d{4}-\d\d-\d\d")


# The last resort of section 7: a line's head in a notation none of the rules above reads
# (log4j's ``10Jun2024 17:57:50.905`` before it had a rule, Boost's ``2024-Apr-09 17:44:53``,
# ``Tue 9 Apr 2024 at 17:44``), given to dateutil: from the line's start (past an opening
# bracket) to the end of its first time of day, with a 12-hour clock's AM/PM, a zone (one
# the zone table knows, or an offset) and a year after it. Only a head with a four-digit
# year, its month and day written (timestamps.loose_whole): dateutil reads a bare time as
# today's, ``Jan 2024 10:00`` as the 1st.
_LOOSE_HEAD: Final = re.compile(
    r"[\[(<{]?(?P<head>[A-Za-z0-9][\w.,/ -]{2,32}?\d\d?:\d\d(?::\d\d(?:[.,]\d{1,9})?)?"
    r"(?: ?[AaPp][Mm])?)(?: (?P<zone>[A-Z]{2,5}|[+-]\d\d:?\d\d)(?![\w:]))?"
    r"(?P<year> \d{4})?(?![\d:])"
)
_FULL_YEAR: Final = re.compile(r"(?<!\d)(?:19[7-9]\d|20\d\d)(?!\d)")
_TO_ZERO: Final = str.maketrans("123456789", "000000000")
# A head's shape (its digits as 0) -> how many of its heads dateutil could not read, or -1
# once it read one: a file repeats its shape on every line, so a shape dateutil cannot read
# costs a few tries, not one a line; a few, as one bad value (``2024-Apr-31``) is no shape's
# fault, and a shape once read is never given up.
_LOOSE_SHAPES: Final[dict[str, int]] = {}
_GIVE_UP: Final = 3


def loose_head(line: str, ref: float) -> float | None:
    """A time at a line's head that only dateutil reads (rule above), else None."""
    m = _LOOSE_HEAD.match(line)
    if m is None:
        return None
    head = m.group("head")
    zone = m.group("zone")
    if zone is not None and (zone[0] in "+-" or zone in ZONES):
        head += " " + zone  # a level word there (``17:44:53 WARN``) is no zone: left out
    if m.group("year") and (zone is None or zone[0] in "+-" or zone in ZONES):
        head += m.group("year")  # ctime's and Java's year after the time (and zone)
    if _FULL_YEAR.search(head) is None:
        return None
    shape = head.translate(_TO_ZERO)
    failed = _LOOSE_SHAPES.get(shape, 0)
    if failed >= _GIVE_UP:
        return None
    ts = loose_whole(head)
    ok = ts is not None and LOW <= ts < HIGH
    if len(_LOOSE_SHAPES) < 1024 or shape in _LOOSE_SHAPES:
        if ok:
            _LOOSE_SHAPES[shape] = -1
        elif failed >= 0:
            _LOOSE_SHAPES[shape] = failed + 1
    return ts if ok else None


# Windows event XML's ``<Data Name="sc-status">400</Data>`` (IIS's event log, Sysmon): named
# values, read as a record's keys are.
_EVENT_DATA: Final = re.compile(r'<Data Name="([^"]{1,64})">([^<]{0,200})</Data>')


def event_data(line: str) -> dict[str, Any] | None:
    """The named values of an XML event, or None without any."""
    if "<Data Name=" not in line:
        return None
    found = {k: v for k, v in _EVENT_DATA.findall(line)}
    return found or None


def data_samples(data: dict[str, Any]) -> tuple[tuple[str, float, str], ...]:
    """The status and durations among named values, by the keys' known names (IIS's
    ``sc-status``, ``time-taken``); the status first."""
    status: list[tuple[str, float, str]] = []
    durations: list[tuple[str, float, str]] = []
    for key, value in data.items():
        role = ROLES.get(key)
        if role is None:
            continue
        if role[0] == STATUS and not status:
            code = status_code(value)
            if code is not None:
                status.append((HTTP_STATUS, float(code), ""))
        elif role[0] == DURATION:
            d = duration_ms(value, role[3])
            if d is not None:
                durations.append((role[2], d, ""))
    return tuple(status + durations)


# --- a status or duration under a key of no known name ------------------------------------

_WORD_BREAK: Final = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_ACRONYM_BREAK: Final = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")  # "GCPause": GC, Pause
# "sc": W3C's server-to-client prefix (sc-status; Azure App Service's ScStatus), whose
# sub-status and Win32 status are no HTTP statuses.
_HTTP_WORDS: Final = frozenset({"http", "response", "resp", "res", "code", "sc"})
_NOT_STATUS: Final = frozenset(
    {"text", "message", "msg", "reason", "class", "family", "line", "sub", "win32", "win"}
)
# An error object's own status (pino's err.statusCode, Fastify's and http-errors' error
# status): the status the error asks for, told beside the request's own record ("request
# completed", res.statusCode), which is the answer served; counted there, not twice.
_ERROR_OBJECTS: Final = frozenset({"err.", "error.", "exception.", "exc."})
_DURATION_WORDS: Final = {
    "elapsed": "elapsed_ms",
    "latency": "latency_ms",
    "latencies": "latency_ms",  # Kong's latencies.request
    "duration": "duration_ms",
    "took": "duration_ms",
    "dur": "duration_ms",  # ngrok's agent (logfmt "msg=end pg=/api/tunnels status=200 dur=...")
}
# A duration of something other than the request (a query's, a connection's ...) or a limit.
_NOT_REQUEST: Final = frozenset(
    {
        "query", "db", "sql", "upstream", "connect", "connection", "dns", "tls", "handshake",
        "queue", "wait", "lock", "gc", "startup", "boot", "uptime", "cpu", "timeout", "max",
        "min", "avg", "mean", "limit", "threshold", "p50", "p90", "p95", "p99", "total",
        "target", "budget", "ttl", "interval", "delay", "sleep", "backoff", "retry", "redis",
        "cache", "etcd", "gitaly", "view", "render", "proxy",
        # a job's wait in its queue before it ran (GitLab Sidekiq's scheduling_latency_s,
        # enqueue_latency_s)
        "scheduling", "enqueue", "enqueued",
        # a time spent in a state, not serving (rsyslog impstats' suspended.duration)
        "suspended", "suspend", "suspension", "paused", "pause", "idle", "blocked", "stall",
        "stalled", "throttled", "downtime", "outage",
        # a histogram's or a summary's parts (Prometheus' ..._seconds_count/_sum/_bucket)
        "count", "sum", "bucket", "quantile", "median", "stddev", "stdev", "percentile",
        "summary",  # MongoDB's startup report: "Summary of time elapsed": {steps: "0 ms"}
        # a time skipped or held back, not spent (etcd's election forward-duration, Traefik's
        # providersThrottleDuration)
        "forward", "throttle",
        # how long a process or container lived, not a request's time (dockerd's
        # execDuration=26m51.98s: how long the container ran before it exited)
        "exec", "lifetime", "age", "alive",
        # a point in time as an epoch, no time spent (API Gateway's requestTimeEpoch)
        "epoch",
    }
)  # fmt: skip
# A key ending in ``time`` with its unit (pair_duration): an ``exec-time`` beside a
# ``queue-time`` is the action's own run (Pacemaker's execd), where dockerd's
# ``execDuration`` (a record's key, hence ``exec`` above) is how long a container lived.
# A lifetime's, a schedule's or a setting's time is no run either (``lease_time=86400s``,
# ``expiry_time:900s``, ``next_run_time=30s``).
_NOT_RUN: Final = (_NOT_REQUEST - {"exec"}) | {
    "lease", "expiry", "expire", "expires", "expiration", "next", "valid", "validity",
    "timeout", "ttl", "interval", "retry", "wait",
}  # fmt: skip
UNIT_WORDS: Final = {
    "ms": MS, "millis": MS, "msec": MS, "msecs": MS, "milliseconds": MS,
    "s": S, "sec": S, "secs": S, "seconds": S,
    "us": US, "micros": US, "usec": US, "usecs": US, "microseconds": US,
    "ns": NS, "nanos": NS, "nsec": NS, "nsecs": NS, "nanoseconds": NS,
}  # fmt: skip
# The same words run together in a hand-written log_format's key (OpenResty's
# "responsetime": "$request_time").
_RUN_TOGETHER: Final = frozenset({"responsetime", "requesttime", "resptime", "reqtime"})
# The words that make a "time" key a request's time ("response_time", "time_taken", etcd's
# v3rpc "request stats": "time spent": "1.196182163s"); a
# middleware's "processing_time_ms" only with its unit said (winston's "processingTime":
# "1520ms" is a job's, by spent_time_key, and a bare number there says no unit).
_TIME_OF: Final = frozenset({"response", "request", "taken", "resp", "spent"})
_PROCESSING: Final = frozenset({"processing", "process"})
_GUESSED: Final[dict[str, tuple[int, int, str, float] | None]] = {}


def guess_role(key: str) -> tuple[int, int, str, float] | None:
    """A measure's role for a key of no known name, by its words (camelCase, snake_case and
    dots split): a status (``httpStatus``, ``resp_status``, ``response.status``) or a
    request's duration (``elapsedTime``, ``elapsed_time``, ``response_time_ms``,
    ``duration_millis``), in the unit its name says, else by the logger's convention.
    Remembered per key: a record's plan is made once per set of keys."""
    if key in _GUESSED:
        return _GUESSED[key]
    if len(_GUESSED) >= 4096:
        _GUESSED.clear()
    found: tuple[int, int, str, float] | None = None
    bare = key.lstrip("_")
    known = ROLES.get(bare) if bare != key else None
    if known is not None and known[0] in (STATUS, DURATION):  # GELF's "_status": a known name
        _GUESSED[key] = known
        return known
    # A nested key by its own name and its parent's ("response.status", "timings.elapsed"):
    # the words of an object further out say what holds it, not what it is (MongoDB's error
    # in a winston record: "errorResponse.$clusterTime.signature.keyId.high" no response time)
    whole = [w for w in _WORD_BREAK.split(key) if w]
    if key.count(".") < 2:
        split = whole
    else:
        own = key[key.rfind(".", 0, key.rfind(".")) + 1 :]
        split = [w for w in _WORD_BREAK.split(own) if w] or whole
    if not split:
        _GUESSED[key] = None
        return None
    words = [w.lower() for w in split]
    ws = set(words)
    # What the key is not, read in its acronyms and its counted words too: .NET's runtime
    # counters ("GCPause0DurationMs", in Seq's "Metrics sampled") are a collector's pause,
    # no request's time
    # (in the whole key: an outer object's word says what the value is not, as "upstream" in
    # ingress-nginx's "access.upstream.response.time")
    nots = {w.lower() for w in whole} | {
        p.lower().rstrip("0123456789") for w in whole for p in _ACRONYM_BREAK.split(w)
    }
    if (
        (("status" in ws and ws & _HTTP_WORDS) or words[-2:] == ["http", "code"])
        and not ws & _NOT_STATUS
        and key[: key.find(".") + 1].lower() not in _ERROR_OBJECTS
    ):
        # "http_code" closing the key: curl's %{http_code}, ModSecurity v3's JSON audit
        # log (transaction.response.http_code)
        found = (STATUS, 50, "", 0.0)
    elif not nots & _NOT_REQUEST:
        name = ""
        for w in words:
            if w in _DURATION_WORDS:
                name = _DURATION_WORDS[w]
                break
        if not name and (
            ("time" in ws and (ws & _TIME_OF or (ws & _PROCESSING and words[-1] in UNIT_WORDS)))
            or ws & _RUN_TOGETHER
        ):
            name = "response_time_ms"
        elif not name and words[0] == "cost" and words[-1] in UNIT_WORDS:
            # a time unit closing it ("cost_ms", "costMs": a request's time in the Gin and
            # Spring middlewares written in Chinese teams' idiom, 耗时); a bare "cost" is as
            # often a price (jsonlines._request_cost)
            name = "latency_ms"
        if name:
            unit = AUTO
            for w in words:
                if w in UNIT_WORDS:
                    unit = UNIT_WORDS[w]
            found = (DURATION, 50, name, unit)
    _GUESSED[key] = found
    return found
