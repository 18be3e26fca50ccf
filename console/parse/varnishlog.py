"""varnishlog's grouped output: a transaction's head (``*   << Request  >> 32770``), then one
record a line (``-   Tag  value``) up to its ``End``. The whole transaction is one entry
(docs/log-formats.md, section 3); the parser gathers its lines and asks this module for it.

What the records mean is vsl(7)'s: ``Timestamp`` is ``label: absolute since-start
since-last`` (epoch seconds, then seconds), so the first one (``Start:``) is when the
transaction began and the one that closes it (``Resp:`` for a client request,
``BerespBody:`` for a backend fetch) its duration; ``RespStatus`` / ``BerespStatus`` the
status sent or received; ``ReqMethod`` / ``ReqURL`` (``Bereq...``) what was asked."""

from __future__ import annotations

import re
from typing import Final

from console.parse import levels
from console.parse.anytime import HIGH, LOW
from console.parse.measures import HTTP_STATUS, S
from console.parse.textformats import Text

# "*" a transaction at the top of its group, "**" one under it (-g request), and so on.
_HEAD: Final = re.compile(r"\*+ +<< ?(\w+) *>> +(\d+)\s*$")
_END_LABELS: Final = frozenset({"Resp", "BerespBody", "Retry", "Error"})


def is_head(line: str) -> bool:
    """Does ``line`` open a transaction (``*   << Request  >> 4``)?"""
    return _HEAD.match(line) is not None


def is_record(line: str) -> bool:
    """Is ``line`` one of a transaction's records (``-   ReqURL  /item``, ``--  ...``)?"""
    dash = len(line) - len(line.lstrip("-"))
    return dash > 0 and line[dash : dash + 1] == " " and line[dash:].strip()[:1].isalpha()


def is_end(line: str) -> bool:
    return line.lstrip("- ").rstrip() == "End"


def transaction(head: str, records: list[str]) -> Text:
    """The entry a transaction's head and records make: the first Timestamp's time, the
    status (its level: 5xx an error), the closing Timestamp's seconds since the start."""
    m = _HEAD.match(head)
    kind, vxid = (m.group(1), m.group(2)) if m is not None else ("", "")
    ts = -1.0
    status = 0
    took = -1.0
    method = url = ""
    for rec in records:
        parts = rec.lstrip("-").split(None, 1)
        if len(parts) < 2:
            continue
        tag, value = parts
        if tag == "Timestamp":
            label, _, times = value.partition(": ")
            nums = times.split()
            try:
                at, since_start = float(nums[0]), float(nums[1])
            except (IndexError, ValueError):
                continue
            if ts < 0 and LOW <= at < HIGH:  # an epoch in 2000-2100
                ts = at
            if label in _END_LABELS:
                took = since_start
        elif tag in ("RespStatus", "BerespStatus") and value.strip().isdigit():
            status = int(value.strip())
        elif tag in ("ReqMethod", "BereqMethod"):
            method = value.strip()
        elif tag in ("ReqURL", "BereqURL"):
            url = value.strip()
    words = [w for w in (kind, vxid, method, url, str(status) if status else "") if w]
    samples: list[tuple[str, float, str]] = []
    if status:
        samples.append((HTTP_STATUS, float(status), ""))
    if took >= 0:
        samples.append(("request_time_ms", round(took * S, 3), ""))
    level = levels.from_status(status) if status else "INFO"
    fields = {"vxid": vxid, "transaction": kind} if vxid else None
    return Text(ts, level, " ".join(words), "varnishlog", fields, tuple(samples))
