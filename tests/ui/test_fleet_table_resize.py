"""The fleet table follows the terminal's width on a resize, with no new rows to show: the
rows drawn before the first layout, or before the window grew, get the wide columns."""

from __future__ import annotations

from textual.app import App, ComposeResult

from console.sources.kube.fleet import FleetRow
from console.ui.widgets.fleet_table import FleetTable
from tests.helpers.ui import screen_text

ROW = FleetRow(
    namespace="shop",
    name="checkout",
    strategy="blueGreen",
    phase="Paused",
    message="",
    step="",
    set_weight=0.0,
    actual_weight=0.0,
    revision=3,
    image_tag="v2.4.1",
    created=None,
    waiting=True,
    aborted=False,
    pause_until=None,
)


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FleetTable(id="fleet")


async def test_rows_shown_narrow_get_wide_columns_when_the_terminal_grows() -> None:
    app = _TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FleetTable)
        table.show([ROW])
        await pilot.pause()
        assert "b-g" in screen_text(app) and "bluegreen" not in screen_text(app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "STRATEGY" in text and "bluegreen" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert "b-g" in screen_text(app)
