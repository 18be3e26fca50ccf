"""Network devices' own log buffers, as ``show logging`` and ``/log print`` print them
(docs/log-formats.md, section 3). What a line says comes back as a ``Reading``; the text
reader (``textformats``) makes its entry of it.

Cisco's system message format (IOS, IOS-XE, NX-OS, ASA): ``seq no:timestamp:
%FACILITY-SEVERITY-MNEMONIC: description``. The sequence number is there with ``service
sequence-numbers``; the time as ``service timestamps log datetime [msec] [year]
[show-timezone]`` sets it (``Nov  4 2023 08:15:02.311 UTC``), marked ``*`` when the clock is
not set and ``.`` when it was set but lost its source: both are still the clock's reading.
IOS-XR puts the card first and the process after: ``node:timestamp : process[pid]:
%FAC-SUBFAC-N-MNEMONIC : description``. ASA without ``logging timestamp`` writes the code
alone. The severity digit is syslog's scale (0 emergencies .. 7 debugging).

MikroTik RouterOS: ``/log print`` columns ``time topics message`` (``feb/14 07:00:01
system,info router rebooted``; the date left out for today's lines, the year for this
year's), ``print detail`` the same as ``time=... topics=... message="..."``; the topics carry
the severity (``critical``, ``error``, ``warning``, ``info``, ``debug``)."""

from __future__ import annotations

import re
from typing import Any, Final, NamedTuple

from console.parse import levels
from console.parse.timestamps import MONTHS, ZONES, month_day_time, parse_iso


class Reading(NamedTuple):
    ts: float  # < 0: the line gives no time
    level: str  # "" when the line says none
    message: str
    fields: dict[str, Any]
    year_guessed: bool
    fmt: str


# Cisco's message code, %FACILITY[-SUBFACILITY]-SEVERITY-MNEMONIC (ASA, FTD, IOS, IOS-XR's
# lower-case subfacility, NX-OS): the severity is syslog's 0 (emergency) to 7 (debugging).
_CODE_BODY: Final = r"%[A-Z][A-Z0-9_]*(?:-[A-Za-z0-9_]+)?-([0-7])-[A-Z0-9_]+"
# A buffer line's code, then ": " (IOS-XR: " : ").
_CODE: Final = re.compile(_CODE_BODY + r" ?:")
# A code anywhere in a message or a syslog tag ("%ASA-4-106023: msg" in the tag's place).
_CODE_IN: Final = re.compile(_CODE_BODY + r"(?::|$| )")

# The time: a marker, month day [year] HH:MM:SS[.mmm] [zone], then ":" (the IOS-XR node,
# "RP/0/RSP0/CPU0:" or "0/RP0/CPU0:", before it, and the sequence number before that).
_STAMP: Final = re.compile(
    r"(?:(\d{1,10}): )?"
    r"((?:[A-Z]+/)?\d+(?:/[A-Z0-9]+)+:)?"
    r"[*.]?([A-Z][a-z]{2}) {1,2}(\d\d?) (?:(\d{4}) )?(\d\d:\d\d:\d\d(?:\.\d{1,6})?)"
    r"(?: ([A-Z]{2,5}))? ?: "
)

# IOS-XR's process after the time: "ifmgr[214]: ".
_PROCESS: Final = re.compile(r"([\w.-]+)\[(\d+)\]: ")

# RouterOS' time: [mon/dd[/yyyy] ]HH:MM:SS, or an ISO date (7.x prints older lines so).
_ROS_TIME: Final = r"(?:([a-z]{3})/(\d\d)(?:/(\d{4}))? |(\d{4}-\d\d-\d\d) )?(\d\d:\d\d:\d\d)"
_ROS_DETAIL: Final = re.compile(
    r"(?:\d+ +)?time=" + _ROS_TIME + r' topics=(\S+) message="(.*)"\s*$'
)
_ROS_PRINT: Final = re.compile(_ROS_TIME + r" ([a-z][a-z0-9-]*(?:,[a-z0-9-]+)+) (.*)$")
# Its severities as topics, the most severe first.
_ROS_LEVELS: Final = (
    ("critical", "CRITICAL"),
    ("error", "ERROR"),
    ("warning", "WARNING"),
    ("info", "INFO"),
    ("debug", "DEBUG"),
)


def severity(text: str) -> str:
    """The level of Cisco's ``%FAC-N-MNEMONIC:`` at ``text``'s start, or ""."""
    m = _CODE.match(text)
    return levels.SYSLOG[int(m.group(1))] if m else ""


def severity_in(text: str) -> str:
    """The level of the first Cisco code anywhere in ``text``, or ""."""
    m = _CODE_IN.search(text)
    return levels.SYSLOG[int(m.group(1))] if m else ""


def read(line: str, ref: float) -> Reading | None:
    """A network device's buffer line, or None."""
    c = line[:1]
    if c == "%":
        level = severity(line)
        return Reading(-1.0, level, line, {}, False, "cisco") if level else None
    # Cheap tests first: most lines that come here are a service's plain lines.
    if c == "t" or (c.isdigit() and "time=" in line[:16]):
        r = _routeros(_ROS_DETAIL.match(line), ref)
        if r is not None or c == "t":
            return r
    if c.islower():
        return _routeros(_ROS_PRINT.match(line), ref) if line[3:4] == "/" else None
    return _cisco(line, ref)


def _cisco(line: str, ref: float) -> Reading | None:
    m = _STAMP.match(line)
    if m is None:
        c = line[:1]
        if c.isdigit():  # "000123: %LINK-3-UPDOWN: ..." (sequence numbers, no timestamps)
            colon = line.find(": ", 1, 12)
            if colon > 0 and line[:colon].isdigit() and line[colon + 2 : colon + 3] == "%":
                code = line[colon + 2 :]
                level = severity(code)
                if level:
                    return Reading(-1.0, level, code, {"seq": int(line[:colon])}, False, "cisco")
        return None
    seq, node, mon, day, year, hms, zone = m.groups()
    month = MONTHS.get(mon.lower())
    offset = ZONES.get(zone, None) if zone else 0
    if month is None or offset is None:
        return None
    if year:
        ts = parse_iso(f"{year}-{month:02d}-{int(day):02d}T{hms}")
        if ts is not None:
            ts -= offset
    else:
        ts = month_day_time(month, int(day), hms, offset, ref)
    if ts is None:
        return None
    fields: dict[str, Any] = {}
    if seq:
        fields["seq"] = int(seq)
    if node:
        fields["node"] = node[:-1]
    rest = line[m.end() :]
    p = _PROCESS.match(rest)
    if p is not None:
        fields["program"], fields["pid"] = p.group(1), p.group(2)
        rest = rest[p.end() :]
    return Reading(ts, severity(rest), rest, fields, not year, "cisco")


def _routeros(m: re.Match[str] | None, ref: float) -> Reading | None:
    if m is None:
        return None
    mon, day, year, iso, hms, topics, message = m.groups()
    if iso:
        ts = parse_iso(f"{iso}T{hms}")
    elif mon:
        month = MONTHS.get(mon)
        if month is None:
            return None
        if year:
            ts = parse_iso(f"{year}-{month:02d}-{day}T{hms}")
        else:
            ts = month_day_time(month, int(day), hms, 0, ref)
    else:
        return None  # today's time of day alone: too little to tell from other columns
    if ts is None:
        return None
    named = topics.split(",")
    level = next((lv for word, lv in _ROS_LEVELS if word in named), "")
    if not level:
        return None  # no severity among the topics: not RouterOS' columns
    return Reading(ts, level, message, {"topics": topics}, bool(mon) and not year, "routeros")
