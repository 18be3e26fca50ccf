"""Reading lines as an import does, for the parser's tests: a fixed year reference (June
2024, the real-file sets' rule for year-less dates) and a clock far from any line's time (a
line given the clock's time shows as 2030)."""

from __future__ import annotations

from datetime import UTC, datetime

from console import events as ev
from console.parse import LogParser

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
NOW = datetime(2030, 1, 1, tzinfo=UTC).timestamp()


def parse(text: str) -> list[ev.LogLine]:
    """The log lines ``text`` gives, whole (fed at once, then flushed)."""
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out = p.feed_text(text) + p.flush()
    return [e for e in out if isinstance(e, ev.LogLine)]


def utc(ts: float, timespec: str = "seconds") -> str:
    """``ts`` as ISO 8601 in UTC without the zone: ``2024-06-01T10:00:00``."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec=timespec).removesuffix("+00:00")


def samples(line: ev.LogLine) -> dict[str, float]:
    """A line's measurements by name (scope dropped)."""
    return {name: value for name, value, _scope in line.samples}
