"""ModSecurity's native (serial) audit log: a transaction's parts, each under its boundary
line, ``--4f2a9c01-A--`` (2.x: the boundary, eight hex digits, two dashes each side) or
``---Qr7TzX2a---A--`` (v3: eight letters and digits, three dashes), from part A to part Z.
The whole transaction is one entry (docs/log-formats.md, section 3); the parser gathers its
lines and asks this module for it.

What the parts mean is ModSecurity's reference manual's (SecAuditLogParts): A the audit
header, ``[14/Jan/2025:08:30:12 +0100] <unique id> <client> <port> <server> <port>`` (the
transaction's time); B the request's headers, its request line first; F the response's
headers, its status line first (``HTTP/1.1 403``, 2.x with the reason phrase); H the trailer,
2.x's ``Stopwatch: <start µs> <duration µs> (...)``. Other parts' times (a response's
``Date:``, PHP's ``Expires: Thu, 19 Nov 1981 ...``) are the headers', no entry's."""

from __future__ import annotations

import re
from typing import Final

from console.parse import levels
from console.parse.measures import HTTP_STATUS
from console.parse.textformats import Text
from console.parse.timestamps import parse_clf

_BOUNDARY: Final = re.compile(r"(?:--[0-9a-f]{8}-|---[0-9A-Za-z]{8}---)([A-Z])--$")
# A transaction's lines kept at most (a part C or I holding a large request body).
MAX_LINES: Final = 5000


def part(line: str) -> str:
    """The part a boundary line opens (``A`` ... ``Z``), else ``""``."""
    m = _BOUNDARY.match(line) if line[:2] == "--" else None
    return m.group(1) if m is not None else ""


def transaction(lines: list[str]) -> Text:
    """The entry a transaction's lines (from its part A boundary on) make: part A's time and
    client, part B's request line, part F's status (its level: 4xx a warning, 5xx an error),
    2.x's Stopwatch the duration."""
    ts = -1.0
    fields: dict[str, str] = {}
    request = ""
    status = 0
    took = -1.0
    current = ""
    first = False
    for line in lines:
        p = part(line)
        if p:
            current, first = p, True
            continue
        if current == "A" and first and line[:1] == "[":
            close = line.find("] ")
            if close > 0:
                # (2.x west of UTC writes its offset's sign twice, "[07/Jun/2023:17:45:31
                # --0400]": current_logtime prints the sign, then the hours, negative, "%.2d")
                got = parse_clf(line[1:close].replace(" --", " -", 1))
                if got is not None:
                    ts = got
                words = line[close + 2 :].split()
                if len(words) >= 2:
                    fields["unique_id"], fields["client"] = words[0], words[1]
        elif current == "B" and first:
            request = line.strip()
        elif current == "F" and first and line.startswith("HTTP/"):
            code = line.split(" ", 2)[1:2]
            if code and len(code[0]) == 3 and code[0].isdigit():
                status = int(code[0])
        elif current == "H" and line.startswith("Stopwatch: "):
            nums = line[11:].split()
            if len(nums) >= 2 and nums[1].isdigit():
                took = int(nums[1]) / 1000.0
        first = False
    samples: list[tuple[str, float, str]] = []
    if status:
        samples.append((HTTP_STATUS, float(status), ""))
    if took >= 0:
        samples.append(("request_time_ms", took, ""))
    message = " ".join(w for w in (request, str(status) if status else "") if w)
    level = levels.from_status(status) if status else "INFO"
    return Text(ts, level, message, "modsec-audit", fields or None, tuple(samples))
