"""A postmortem chart as a plain SVG document: lines over the session's time, the incident's
window shaded, axes labelled in UTC. Written by hand (no plotting library): a handful of
polylines is all a reviewer needs beside the Markdown, and it renders on any forge.

Every text in the SVG is one of ours (titles, metric names, numbers, times) except a metric's
scope, which can come from a log: it goes through ``textsafe.printable`` and is XML-escaped.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from console.report.model import Chart
from console.textsafe import printable
from console.timefmt import clock

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 44
# Colour-blind-safe (Okabe-Ito) and legible on white.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _nice_top(value: float) -> float:
    """The axis top: the next 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def render_svg(chart: Chart) -> str:
    points = [p for s in chart.series for p in s.points]
    if not points:
        raise ValueError("a chart needs at least one point")
    t0 = min(t for t, _v in points)
    t1 = max(t for t, _v in points)
    if chart.span is not None:
        t0, t1 = min(t0, chart.span[0]), max(t1, chart.span[1])
    if chart.shade is not None:
        t0, t1 = min(t0, chart.shade[0]), max(t1, chart.shade[1])
    span = (t1 - t0) or 1.0
    top = _nice_top(max(v for _t, v in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + (t - t0) / span * plot_w

    def y(v: float) -> float:
        return TOP + plot_h - max(0.0, min(v, top)) / top * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(chart.title)} ({escape(chart.unit)})</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold" fill="#222">'
        f"{escape(chart.title)} ({escape(chart.unit)})</text>",
    ]
    if chart.shade is not None:
        a, b = x(chart.shade[0]), x(chart.shade[1])
        out.append(
            f'<rect x="{a:.1f}" y="{TOP}" width="{max(b - a, 1):.1f}" height="{plot_h}" '
            'fill="#D55E00" fill-opacity="0.12"><title>impact window</title></rect>'
        )
    for i in range(5):  # horizontal grid with values
        v = top * i / 4
        yy = y(v)
        out.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#444">{_fmt(v)}</text>'
        )
    for i in range(5):  # time ticks
        t = t0 + span * i / 4
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        out.append(
            f'<text x="{x(t):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" '
            f'fill="#444">{escape(clock(t))}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#888" stroke-width="1"/>'
    )
    legend_x = LEFT
    for i, s in enumerate(chart.series):
        colour = COLOURS[i % len(COLOURS)]
        # A scope comes from a log: controls made visible (XML forbids them), then escaped.
        name = printable(s.metric + (f" ({s.scope})" if s.scope else ""), 60)
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in s.points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8">'
            f"<title>{escape(name)}</title></polyline>"
        )
        if len(s.points) == 1:  # a lone sample has no line: show it as a dot
            t, v = s.points[0]
            out.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>')
        ly = HEIGHT - 10
        out.append(
            f'<rect x="{legend_x}" y="{ly - 8}" width="10" height="3" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{ly - 4}" fill="#222">{escape(name)}</text>'
        )
        legend_x += 24 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out) + "\n"
