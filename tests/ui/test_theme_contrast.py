"""Issue 20: every bundled theme legible. Each theme is rendered (the replay console at a gate,
80x24 and 120x40) and the colours the widgets actually got are measured: rules (panel
separators, the log's frame, the gate bar's edge) against what is behind them at a WCAG
contrast ratio of at least 3, text at least 4.5."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widget import Widget

from console.ui.widgets.gate_bar import GateBar
from console.ui.widgets.log_view import LogView
from console.ui.widgets.panel import Panel
from tests.helpers.ui import replay_app, sample

THEMES = ["opsconsole-dark", "opsconsole-light", "opsconsole-high-contrast", "opsconsole-mono"]
SIZES = [(80, 24), (120, 40)]
RULE, TEXT = 3.0, 4.5


def luminance(c: Color) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(fg: Color, bg: Color) -> float:
    fg = bg + fg  # a colour with alpha is seen over what is behind it
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_is_measured_as_wcag_does() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(255, 255, 255), Color(255, 255, 255)) == pytest.approx(1.0)
    assert contrast(Color.parse("#767676"), Color(255, 255, 255)) == pytest.approx(4.54, 0.01)


def _rich_color(widget: Widget, component: str | None = None) -> Color:
    style = widget.get_component_rich_style(component) if component else widget.rich_style
    assert style.color is not None and style.color.triplet is not None
    r, g, b = style.color.triplet
    return Color(r, g, b)


def _edge(widget: Widget, side: str) -> Color | None:
    kind, color = getattr(widget.styles, f"border_{side}")
    return color if kind and kind not in ("none", "hidden", "blank") else None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
async def test_rules_and_text_stand_out_from_their_background(
    theme: str, size: tuple[int, int]
) -> None:
    app, feed = replay_app(sample("missing-index"), theme=theme)
    gate = feed.cursor.markers(("gate",), limit=1)[0]
    feed.seek(gate.seq)
    low: list[tuple[str, float, float]] = []

    def need(what: str, ratio: float, least: float) -> None:
        if ratio < least:
            low.append((what, round(ratio, 2), least))

    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        ruled: list[tuple[str, Widget, str]] = [
            *((f"{type(p).__name__} rule", p, "top") for p in screen.query(Panel)),
            ("log frame", screen.query_one(LogView), "top"),
            ("gate bar edge", screen.query_one(GateBar), "top"),
        ]
        for what, widget, side in ruled:
            if not widget.display or widget.region.height == 0:
                continue
            color = _edge(widget, side)
            if color is None:  # a short screen drops the panels' rules: nothing to measure
                continue
            behind, own = widget.background_colors
            need(f"{what} on its own background", contrast(color, own), RULE)
            need(f"{what} on the screen behind", contrast(color, behind), RULE)
        log = screen.query_one(LogView)
        log.blur()  # the frame of a log without focus is a rule too
        await pilot.pause(0.1)
        color = _edge(log, "top")
        assert color is not None
        need("log frame without focus", contrast(color, log.background_colors[0]), RULE)
        for widget in [*screen.query(Panel), screen.query_one(LogView)]:
            bg = widget.background_colors[1]
            need(f"{type(widget).__name__} text", contrast(_rich_color(widget), bg), TEXT)
        bg = log.background_colors[1]
        for component in ("log--time", "log--dim", "log--error", "log--warning"):
            need(f"log {component}", contrast(_rich_color(log, component), bg), TEXT)
    assert not low, f"{theme} at {size[0]}x{size[1]}: {low}"
