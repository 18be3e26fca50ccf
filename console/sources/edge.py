"""Values from outside, checked where they enter (DESIGN: finite, bounded, valid Unicode).

Sources call these on everything an agent, a log or a server hands them. What doesn't fit is
never dropped: a line too long is stored up to ``MAX_LINE_CHARS`` with a marker saying how much
was cut, and an item whose time or numbers can't be believed becomes a plain log line flagged
with the reason (``fields["opsconsole_flag"]``), so the operator still sees what was sent.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

from console import events as ev

# A log line is stored whole up to this many characters; the rest is replaced by a marker.
MAX_LINE_CHARS = 256 * 1024
# One protocol item (an NDJSON line) is read up to this many bytes; a longer one can't be
# parsed and is kept, cut to MAX_LINE_CHARS, as a flagged line.
MAX_ITEM_BYTES = 1024 * 1024
# Times outside this window are not believed (an agent's clock, a simulation or a replayed
# log may be years off ours, so the window is wide, not relative to now).
EARLIEST = 946_684_800.0  # 2000-01-01T00:00:00Z
LATEST = 4_102_444_800.0  # 2100-01-01T00:00:00Z
# Metric values, percentages and plan steps beyond this are not measurements.
MAX_MAGNITUDE = 1e15
MAX_SEQ = 2**53  # sequence numbers must survive JSON and float round trips
_MARKER_ROOM = 100  # a line already cut keeps its marker when checked again
FLAG = "opsconsole_flag"

_SEQ_HEAD = re.compile(rb'"seq"\s*:\s*(\d{1,16})\b')


def sane_time(ts: float) -> bool:
    return math.isfinite(ts) and EARLIEST <= ts <= LATEST


def check_time(value: Any) -> float | None:
    """Epoch seconds from a number or an ISO 8601 string (naive is UTC); None if the value
    is not a time, is not finite, or is outside [2000, 2100)."""
    ts: float | None = None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            ts = float(value)
        except OverflowError:  # a 400-digit integer
            return None
    elif isinstance(value, str) and 0 < len(value) <= 64:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        try:
            ts = dt.timestamp()
        except (OverflowError, OSError, ValueError):
            return None
    if ts is None or not sane_time(ts):
        return None
    return ts


def check_number(value: Any, *, bound: float = MAX_MAGNITUDE) -> float | None:
    """A finite number no larger than ``bound`` (numbers as JSON numbers or short numeric
    strings); None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if len(value) > 64:
            return None
    elif not isinstance(value, int | float):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(x) or abs(x) > bound:
        return None
    return x


def check_seq(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_SEQ:
        return None
    return value


def valid_text(text: str) -> str:
    """The text with lone surrogates (valid JSON, invalid Unicode) as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def bounded(text: str, limit: int = MAX_LINE_CHARS, dropped: int = 0) -> str:
    """Valid Unicode, at most ``limit`` characters plus a marker saying what was cut
    (``dropped``: characters or bytes already cut before the text got here)."""
    text = valid_text(text)
    if len(text) > limit:
        dropped += len(text) - limit
        text = text[:limit]
    if dropped:
        text += f" …[opsconsole: {dropped} more characters not kept]"
    return text


def text_or_none(value: Any, limit: int = 1024) -> str | None:
    """An optional short field (a service name, an operator) as valid, bounded text."""
    if value is None:
        return None
    if not isinstance(value, str):
        if isinstance(value, bool | int | float):
            value = repr(value) if not isinstance(value, int) or abs(value) < 10**18 else "?"
        else:
            return None
    return bounded(value, limit)


def flagged(ts: float, source: str, reason: str, raw: str) -> ev.LogLine:
    """What can't be believed, kept as a plain log line that says why."""
    return ev.LogLine(
        ts=ts,
        source=source,
        level="WARNING",
        message=bounded(f"[opsconsole: {reason}] {raw}"),
        fmt="plain",
        fields={FLAG: reason},
    )


def guard(event: ev.Event, fallback_ts: float) -> ev.Event:
    """An event a source made (often by its parser): a time that can't be believed turns it
    into a flagged line at ``fallback_ts``; log text is valid and bounded."""
    if not sane_time(event.ts):
        what = event.text() if isinstance(event, ev.LogLine) else event.kind
        return flagged(fallback_ts, event.source, f"time {event.ts!r} is not believable", what)
    if isinstance(event, ev.LogLine):
        limit = MAX_LINE_CHARS + _MARKER_ROOM
        message = bounded(event.message, limit)
        detail = event.detail
        if len(detail) > 1000 or any(len(d) > limit for d in detail):
            detail = tuple(bounded(d, limit) for d in detail[:1000])
            if len(event.detail) > 1000:
                detail += (f"…[opsconsole: {len(event.detail) - 1000} more lines not kept]",)
        if message is not event.message or detail is not event.detail:
            return dataclasses.replace(event, message=message, detail=detail)
    return event


def item_seq(head: bytes) -> int | None:
    """The seq of a protocol item too long to parse, read from its first bytes."""
    m = _SEQ_HEAD.search(head, 0, 4096)
    return check_seq(int(m.group(1))) if m else None


async def bounded_lines(
    chunks: AsyncIterable[bytes], limit: int = MAX_ITEM_BYTES
) -> AsyncIterator[tuple[bytes, int]]:
    """Lines of a byte stream, each as (its first ``limit`` bytes, its whole length):
    a line of a gigabyte costs ``limit`` bytes of memory, not a gigabyte."""
    buf = bytearray()
    total = 0
    async for chunk in chunks:
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            end = len(chunk) if nl < 0 else nl
            room = limit - len(buf)
            if room > 0:
                buf += chunk[start : min(end, start + room)]
            total += end - start
            if nl < 0:
                break
            yield bytes(buf), total
            buf.clear()
            total = 0
            start = nl + 1
    if total:
        yield bytes(buf), total


def mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None
