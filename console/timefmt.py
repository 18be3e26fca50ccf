"""Times and durations as the export and the replay clock print them.

Store times are float epoch seconds UTC; everything a person or another program reads is
ISO 8601 with an explicit zone, so a report never leaves the reader guessing which clock.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, tzinfo


def iso(ts: float | None, tz: tzinfo | None = UTC) -> str | None:
    """ISO 8601 with zone (``2024-11-21T09:51:00Z``); None stays None (never a made-up time).

    Whole seconds print without a fraction; otherwise milliseconds are kept.
    """
    if ts is None or not math.isfinite(ts):
        return None
    dt = datetime.fromtimestamp(ts, tz or UTC)
    if dt.microsecond == 0:
        text = dt.isoformat(timespec="seconds")
    else:
        text = dt.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if dt.utcoffset() == UTC.utcoffset(None) else text


def clock(ts: float | None, tz: tzinfo | None = UTC) -> str:
    """``09:51:00`` for the timeline and the replay clock; ``--:--:--`` when unknown."""
    if ts is None or not math.isfinite(ts):
        return "--:--:--"
    return datetime.fromtimestamp(ts, tz or UTC).strftime("%H:%M:%S")


def duration(seconds: float | None) -> str | None:
    """Human duration: ``45s``, ``1m 30s``, ``2h 05m``; None stays None."""
    if seconds is None or not math.isfinite(seconds):
        return None
    sign = "-" if seconds < 0 else ""
    total = round(abs(seconds))
    if total < 60:
        return f"{sign}{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{sign}{minutes}m {secs:02d}s" if secs else f"{sign}{minutes}m"
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}h {minutes:02d}m"


def iso_duration(seconds: float | None) -> str | None:
    """ISO 8601 duration (``PT1M30S``) for machine readers; None stays None."""
    if seconds is None or not math.isfinite(seconds):
        return None
    total = abs(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = "-PT" if seconds < 0 else "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    if secs or out.endswith("T"):
        out += f"{secs:g}S" if secs != int(secs) else f"{int(secs)}S"
    return out


_DURATION_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``1h30m``, ``2d`` as seconds; ValueError for anything else."""
    raw = text.strip().lower()
    try:
        value = float(raw)
    except ValueError:
        parts = _DURATION.findall(raw)
        if not parts or "".join(n + u for n, u in parts) != raw:
            raise ValueError(f"not a duration: {text!r} (use e.g. 90s, 30m, 1h)") from None
        value = sum(float(n) * _DURATION_UNITS[u] for n, u in parts)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"a duration must be positive, not {text!r}")
    return value
