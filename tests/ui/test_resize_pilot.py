"""Resizing the live console lays the panels out as a fresh start at the new size would: each
panel is exactly as tall as what it shows (plus its title rule where there is room for one),
with no blank or stale rows left from the old size."""

from __future__ import annotations

from typing import Any

import pytest

from console.ui.widgets.panel import Panel
from tests.helpers.ui import Live, wait_for


def _misfits(app: Any) -> list[str]:
    """Panels whose height is not their content's (a blank row, or one cut off)."""
    out = []
    for panel in app.screen.query_one("#panels").query(Panel):
        if not panel.display or panel.region.height == 0:
            continue
        lines = panel.render().get_height(panel.styles, panel.content_region.width)
        rule = 1 if panel.styles.border_top[0] not in ("", "none", "hidden") else 0
        if panel.region.height != lines + rule:
            out.append(f"{panel.id}: {panel.region.height} rows for {lines} lines + {rule}")
    return out


@pytest.mark.parametrize(
    ("start", "end"), [((120, 40), (80, 24)), ((120, 40), (120, 24)), ((80, 24), (120, 40))]
)
async def test_panels_fit_their_content_after_a_resize(
    live: Any, start: tuple[int, int], end: tuple[int, int]
) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=start) as pilot:
        # At the first gate the simulated agent's clock stands still: no new figure redraws
        # the panels after the resize, so only the resize itself can lay them out right.
        await wait_for(pilot, lambda: lv.state.gate is not None, what="the first gate")
        await wait_for(pilot, lambda: not _misfits(lv.app), what=f"a settled layout at {start}")
        await pilot.resize_terminal(*end)
        for _ in range(10):  # a few frames: the layout settles (or stays wrong)
            await pilot.pause(0.05)
        assert lv.app.size == end
        assert _misfits(lv.app) == []
