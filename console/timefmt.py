"""Times and durations as every output prints them: screen, export, reports, logs.

Store times are float epoch seconds UTC; everything a person or another program reads is
ISO 8601 with an explicit zone, so a report never leaves the reader guessing which clock.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, tzinfo

# Durations longer than this are not durations of a rollout (a time stored at -1e300 by an
# older version makes one): they print as unknown.
MAX_DURATION = 100 * 365 * 86400.0


def _datetime(ts: float | None, tz: tzinfo | None) -> datetime | None:
    """The datetime of an epoch time, or None when there is none: not finite, or outside
    what a datetime holds (years 1-9999; ``-1e300`` was stored by older versions)."""
    if ts is None or not math.isfinite(ts):
        return None
    try:
        return datetime.fromtimestamp(ts, tz or UTC)
    except (OverflowError, OSError, ValueError):
        return None


def iso(ts: float | None, tz: tzinfo | None = UTC) -> str | None:
    """ISO 8601 with zone (``2024-11-21T09:51:00Z``); None stays None (never a made-up time).

    Whole seconds print without a fraction; otherwise milliseconds are kept.
    """
    dt = _datetime(ts, tz)
    if dt is None:
        return None
    if dt.microsecond == 0:
        text = dt.isoformat(timespec="seconds")
    else:
        text = dt.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if dt.utcoffset() == UTC.utcoffset(None) else text


def clock(ts: float | None, tz: tzinfo | None = UTC) -> str:
    """``09:51:00`` for the timeline and the replay clock; ``--:--:--`` when unknown."""
    if (tz is UTC or tz is None) and ts is not None and math.isfinite(ts):
        # Every row of the log is timed: one datetime and strftime a second (9 µs a call),
        # not one a row. The datetime rounds to microseconds, so a time in the last
        # microsecond of its second may read as the next: those are not remembered.
        second = math.floor(ts)
        if ts - second < 0.999_999:
            text = _CLOCKS.get(second)
            if text is None:
                if len(_CLOCKS) >= 4096:
                    _CLOCKS.clear()
                text = _CLOCKS[second] = _clock(ts, tz)
            return text
    return _clock(ts, tz)


_CLOCKS: dict[int, str] = {}  # a UTC second: its clock


def month_day(ts: float) -> str:
    """``12-19``: the UTC month and day a log row puts before its clock once a view spans
    days; ``--.--`` when unknown."""
    day = math.floor(ts / 86400) if math.isfinite(ts) else None
    text = _DAYS.get(day) if day is not None else None
    if text is None:
        dt = _datetime(ts, UTC)
        text = "--.--" if dt is None else dt.strftime("%m-%d")
        if day is not None and dt is not None and len(_DAYS) < 4096:
            _DAYS[day] = text
    return text


_DAYS: dict[int, str] = {}  # a UTC day's number: its month and day


def year_of(ts: float) -> int:
    """The UTC year of ``ts`` (0 when unknown)."""
    day = math.floor(ts / 86400) if math.isfinite(ts) else None
    year = _YEARS.get(day) if day is not None else None
    if year is None:
        dt = _datetime(ts, UTC) if day is not None else None
        year = 0 if dt is None else dt.year
        if day is not None and len(_YEARS) < 4096:
            _YEARS[day] = year
    return year


_YEARS: dict[int, int] = {}  # a UTC day's number: its year


def _clock(ts: float | None, tz: tzinfo | None) -> str:
    dt = _datetime(ts, tz)
    return "--:--:--" if dt is None else dt.strftime("%H:%M:%S")


def duration(seconds: float | None) -> str | None:
    """Human duration: ``45s``, ``1m 30s``, ``2h 05m``; None stays None."""
    if seconds is None or not math.isfinite(seconds) or abs(seconds) > MAX_DURATION:
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


def stopwatch(seconds: float | None, unknown: str = "—") -> str:
    """Elapsed time as a stopwatch shows it (``01:30``, ``1:02:03``, from two days on
    ``3d 4:05:06``: a session of files years apart is no 26000-hour clock), for the status
    bar and gate timers; negative counts as zero."""
    if seconds is None or not math.isfinite(seconds):
        return unknown
    total = int(max(0, seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    if h >= 48:
        return f"{h // 24}d {h % 24}:{m:02d}:{s:02d}"
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def age(seconds: float | None) -> str:
    """An object's age as kubectl prints it: ``45s``, ``12m``, ``3h``, ``5d``; ``?`` unknown."""
    if seconds is None or not math.isfinite(seconds):
        return "?"
    total = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if total >= size:
            return f"{total // size}{unit}"
    return f"{total}s"


def ago(seconds: float | None) -> str:
    """How long ago, for a person: ``just now``, ``3 min ago``, ``2 h ago``, ``5 days ago``;
    ``-`` unknown. A time in the future (another host's clock) reads as ``just now``."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    total = int(max(0, seconds))
    if total < 60:
        return "just now"
    if total >= 86400:
        days = total // 86400
        return f"{days} day ago" if days == 1 else f"{days} days ago"
    if total >= 3600:
        return f"{total // 3600} h ago"
    return f"{total // 60} min ago"


def iso_ms(ts: float) -> str:
    """ISO 8601 as the agent control protocol writes it: milliseconds and the zone as an
    offset (``2026-11-22T09:31:15.000+00:00``), every time the same width."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


def iso_duration(seconds: float | None) -> str | None:
    """ISO 8601 duration (``PT1M30S``) for machine readers; None stays None."""
    if seconds is None or not math.isfinite(seconds) or abs(seconds) > MAX_DURATION:
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
