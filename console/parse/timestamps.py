"""Turning the time notations found in logs into epoch seconds (UTC).

Naive times are taken as UTC: the agent runtime log writes ``UTC`` in its header, and a
service log without a zone is more often UTC than the reader's local time.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any, Final

DAY: Final = 86400.0
MAX_EPOCH: Final = 253402300799.0  # 9999-12-31T23:59:59Z: beyond it no clock can show the time


def midnight(ts: float) -> float:
    """The UTC midnight at or before ``ts``."""
    return ts - (ts % DAY)


def parse_iso(text: str) -> float | None:
    """ISO 8601 (``T`` or space, optional fraction, ``Z``/offset/`` UTC``) to epoch seconds."""
    s = text.strip()
    if len(s) < 10 or not s[:4].isdigit():
        return None
    if s.endswith(" UTC") or s.endswith(" GMT"):
        s = s[:-4]
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def parse_epoch(value: float) -> float | None:
    """Epoch seconds, milliseconds, micro- or nanoseconds (told apart by magnitude)."""
    if not math.isfinite(value) or value < 0:
        return None
    if value > 1e17:
        value /= 1e9
    elif value > 1e14:
        value /= 1e6
    elif value > 1e11:
        value /= 1e3
    return float(value) if value < MAX_EPOCH else None


def parse_time_value(value: Any) -> float | None:
    """A JSON timestamp value: ISO string, epoch number, or a numeric string."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            return parse_epoch(float(value))
        if isinstance(value, str) and value:
            if value[0].isdigit() and len(value) >= 10 and value[4:5] == "-":
                return parse_iso(value)
            return parse_epoch(float(value))
    except (ValueError, OverflowError):
        return None
    return None
