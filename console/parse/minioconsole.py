"""MinIO's console error blocks (its ``cmd/logger`` console target before the JSON one): a
blank line, ``API: PutObject(bucket=..., object=...)``, ``Time: 19:15:56 CST 12/29/2020``
(Go's ``15:04:05 MST 01/02/2006``: the server's local zone by its abbreviation), then
``DeploymentID:``, ``RequestID:``, ``RemoteHost:``, ``Host:``, ``UserAgent:`` as the call had
them, ``Error: <message>`` and the stack's frames, numbered and indented. One block is one
error entry (docs/log-formats.md, section 3); the parser opens it on the ``API:`` line and
asks this module whether the line under it is the block's time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from console.parse.timestamps import ZONES, seconds_east

# the lines of a block after its time, by their key
KEYS: Final = frozenset({"DeploymentID", "RequestID", "RemoteHost", "Host", "UserAgent", "Error"})
_TIME: Final = re.compile(
    r"Time: (\d\d):(\d\d):(\d\d) ([A-Z]{2,5}|[+-]\d\d(?:\d\d)?) (\d\d)/(\d\d)/(\d{4})$"
)


def opens(line: str) -> bool:
    """Could ``line`` open a block (``API: SYSTEM()``, ``API: PutObject(bucket=b, ...)``)?"""
    return line[:5] == "API: " and line[-1] == ")" and "(" in line


def block_time(line: str) -> float | None:
    """The epoch of a block's ``Time:`` line, its zone a known abbreviation (section 4's
    table) or Go's numeric stand-in for a zone without one (``+08``); None: not such a line."""
    m = _TIME.match(line)
    if m is None:
        return None
    hh, mm, ss, zone, mo, dd, yyyy = m.groups()
    if zone[0] in "+-":
        offset = seconds_east(zone)
    elif zone in ZONES:
        offset = ZONES[zone]
    else:
        return None
    try:
        local = datetime(int(yyyy), int(mo), int(dd), int(hh), int(mm), int(ss), tzinfo=UTC)
    except ValueError:
        return None
    return local.timestamp() - offset
