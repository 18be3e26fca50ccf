"""Embedded devices' serial consoles (docs/log-formats.md, section 3).

ESP-IDF's log (components/log, ``esp_log_format``; ESP8266 RTOS SDK's is the same): the level
letter, the time in parentheses, the tag, ``: `` and the message, the colour escapes around it
(removed before this is asked): ``E (321) tag: msg``. The time is, as the project configures
it, milliseconds since boot (the default: no clock time), the system clock's time of day
``(10:12:51.123)`` (CONFIG_LOG_TIMESTAMP_SOURCE_SYSTEM), its date and time ``(24-06-19
10:12:51.123)`` (_SYSTEM_FULL, ``YY-MM-DD``), or Unix milliseconds. Before the clock is set
(SNTP) the system clock counts from 1970: such a date is no clock time either.

Arduino-ESP32's ``log_e()`` and friends (esp32-hal-log.h's ARDUHAL_LOG_FORMAT): ``[  1234][E]
[file.cpp:45] func(): msg``, the milliseconds since boot padded to six; before core 2.0 the
letter alone, ``[E][file.cpp:45] func(): msg``.

The ESP chips' ROM bootloader opens each boot with its banner, the ROM's build date:
``ets Jun  8 2016 00:22:57`` (ESP32), ``ets Jan  8 2013,rst cause:2, boot mode:(3,6)``
(ESP8266). That date is the same on every chip of a kind: no time of the log.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final, NamedTuple

from console.parse.levels import LETTERS
from console.parse.timestamps import MONTHS

# ESP-IDF's letters: E W I D V (esp_log_format's s_lvl_name); V, verbose, is below debug.
_ESP_IDF: Final = re.compile(
    r"([EWIDV]) \((?:(\d{1,19})|(\d\d):(\d\d):(\d\d)\.(\d{3})"
    r"|(\d\d)-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}))\) "
)
# a tag: one word (``boot.esp32``, ``BT_APPL``); the Wi-Fi library writes ``wifi:msg``
_TAG: Final = re.compile(r"([^\s:]{1,48}):(?: |(?=\S))")
_ARDUINO: Final = re.compile(r"\[(?: *(\d{1,10})\]\[)?([EWIDV])\]\[([^\]:]{1,120}):(\d{1,6})\] ")

_EPOCH_MS_LOW: Final = 946684800000  # 2000-01-01, in ms: a smaller count is an uptime


class Console(NamedTuple):
    """A console line: its level, its time (``ts`` epoch seconds, or ``tod`` seconds into a
    day, or neither: < 0), the milliseconds since boot it gives (< 0: none), its fields and
    its message."""

    level: str
    ts: float
    tod: float
    uptime_ms: int
    fields: dict[str, str]
    message: str


def esp_idf(line: str) -> Console | None:
    """``E (321) tag: msg`` and its other time sources; None: not such a line."""
    m = _ESP_IDF.match(line)
    if m is None:
        return None
    g = m.groups()
    ts = tod = -1.0
    uptime = -1
    if g[1] is not None:
        n = int(g[1])
        if n >= _EPOCH_MS_LOW:
            ts = n / 1000.0
        else:
            uptime = n
    elif g[2] is not None:
        h, mi, s = int(g[2]), int(g[3]), int(g[4])
        if h > 23 or mi > 59 or s > 60:
            return None
        tod = h * 3600 + mi * 60 + s + int(g[5]) / 1000.0
    else:
        year = int(g[6])
        try:
            day = datetime(2000 + year, int(g[7]), int(g[8]), tzinfo=UTC)
        except ValueError:
            return None
        if year < 70:  # 70: the clock never set, 1970 and the time since boot
            clock = int(g[9]) * 3600 + int(g[10]) * 60 + int(g[11]) + int(g[12]) / 1000.0
            ts = day.timestamp() + clock
    rest = line[m.end() :]
    fields: dict[str, str] = {}
    t = _TAG.match(rest)
    if t is not None:
        fields["tag"] = t.group(1)
        rest = rest[t.end() :]
    return Console(LETTERS[g[0]], ts, tod, uptime, fields, rest)


def arduino_esp32(line: str) -> Console | None:
    """``[  1234][E][file.cpp:45] func(): msg``, ``[E][file.cpp:45] func(): msg``."""
    m = _ARDUINO.match(line)
    if m is None:
        return None
    up = m.group(1)
    fields = {"caller": f"{m.group(3)}:{m.group(4)}"}
    return Console(LETTERS[m.group(2)], -1.0, -1.0, int(up) if up else -1, fields, line[m.end() :])


def rom_banner(line: str) -> bool:
    """Is ``line`` an ESP ROM's banner, ``ets`` and the ROM's build date?"""
    return line[:4] == "ets " and line[4:7].lower() in MONTHS and line[7:8] == " "
