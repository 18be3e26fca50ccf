"""CMTrace's record layout (Configuration Manager's client and site logs, Intune's Management
Extension, the logs Microsoft's CMTrace viewer reads). Each record:

    <![LOG[the message]LOG]!><time="08:15:02.250+300" date="4-9-2023" component="Setup"
    context="" type="2" thread="88" file="setup.cpp:12">

on one line, or its message over several lines (an exception and its stack), the attributes
after the last. ``type``: 1 information, 2 warning, 3 error. The time is local; its ``+300``
is the bias in minutes, the Windows sense (UTC = local + bias: +300 is UTC-5); no bias, UTC.
"""

from __future__ import annotations

import calendar
import re
from typing import Final

HEAD: Final = "<![LOG["
CLOSER: Final = "]LOG]!><"
_ATTRIBUTE: Final = re.compile(r'(\w+)="([^"]*)"')
_TIME: Final = re.compile(r"(\d\d?):(\d\d):(\d\d)(\.\d+)?([+-]\d+)?$")
_DATE: Final = re.compile(r"(\d\d?)-(\d\d?)-(\d{4})$")
_LEVELS: Final = {"1": "INFO", "2": "WARNING", "3": "ERROR"}


def attributes(tail: str) -> tuple[float, str, dict[str, str]] | None:
    """The attributes after a record's message (``tail``: the text after ``]LOG]!><``):
    its time in UTC, its level and fields (component, thread); None without a time."""
    attrs = dict(_ATTRIBUTE.findall(tail))
    t = _TIME.match(attrs.get("time", ""))
    d = _DATE.match(attrs.get("date", ""))
    if t is None or d is None:
        return None
    month, day, year = int(d.group(1)), int(d.group(2)), int(d.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3))
    ts = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    fraction = float(t.group(4)) if t.group(4) else 0.0
    bias = int(t.group(5)) * 60 if t.group(5) else 0
    fields = {k: attrs[k] for k in ("component", "thread") if attrs.get(k)}
    return ts + fraction + bias, _LEVELS.get(attrs.get("type", ""), "INFO"), fields


def split(line: str) -> tuple[str, str] | None:
    """A line ending a record: (the message's part on it, the attributes' text); None when
    the record's message goes on (no ``]LOG]!><`` on the line)."""
    at = line.find(CLOSER)
    if at < 0:
        return None
    return line[:at], line[at + len(CLOSER) :]
