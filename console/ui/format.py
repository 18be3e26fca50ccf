"""How numbers and times read on screen: one place, so every panel agrees."""

from __future__ import annotations

from console.timefmt import clock, month_day, stopwatch, year_of
from console.timefmt import duration as spoken

DASH = "—"  # a value never seen: shown as a dash, never as a made-up zero

__all__ = [
    "DASH", "bar", "clock", "duration", "month_day", "ms", "num", "pct", "spark", "took", "year_of",
]  # fmt: skip


def duration(seconds: float | None) -> str:
    """A stopwatch figure (``01:30``); a dash when unknown."""
    return stopwatch(seconds, DASH)


def ms(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}ms"


def took(value: float | None) -> str:
    """A time some work took, from milliseconds: as ``ms`` under 10 s, else in seconds,
    minutes and hours (a 58-minute job is no "3474471ms")."""
    if value is None or value < 10_000:
        return ms(value)
    return spoken(value / 1000.0) or ms(value)


def pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return f"{value:.{digits}f}%" if value < 10 or digits == 0 else f"{value:.0f}%"


def num(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}"


def bar(fraction: float, width: int) -> tuple[int, int]:
    """Cells filled and empty for a fraction 0..1 of a bar ``width`` cells wide."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    return filled, width - filled


BLOCKS = " ▁▂▃▄▅▆▇█"


def spark(values: list[float], width: int, limit: float | None = None) -> list[tuple[str, str]]:
    """A sparkline whose cells over ``limit`` are drawn in the error style (and as full
    blocks' top row ``▔`` marks where the limit sits), so a breach stands out without colour.

    Textual's Sparkline colours by magnitude only; a limit line needs per-cell styles.
    """
    if width <= 0:
        return []
    data = values[-width:]
    if not data:
        return [("·" * width, "$text-muted")]
    top = max(max(data), (limit or 0) * 1.15, 1e-9)
    parts: list[tuple[str, str]] = []
    pad = width - len(data)
    if pad:
        parts.append((" " * pad, ""))
    for v in data:
        idx = max(1, min(8, round(v / top * 8))) if v > 0 else 0
        over = limit is not None and v > limit
        style = "$error" if over else "$success"
        # One run per style, not one per cell: every run costs its own escape sequence.
        if parts and parts[-1][1] == style:
            parts[-1] = (parts[-1][0] + BLOCKS[idx], style)
        else:
            parts.append((BLOCKS[idx], style))
    return parts
