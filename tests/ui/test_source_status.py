"""The status bar marks a source that has no data as it marks one that is down."""

from __future__ import annotations

from textual.app import App, ComposeResult

from console import events as ev
from console.state import State, reduce
from console.ui.widgets.status_bar import StatusBar


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar()


def _status(state: State, status: str) -> State:
    return reduce(
        state,
        ev.SourceStatus(ts=1.0, source="prometheus", name="prometheus", status=status),
    )


async def test_no_data_is_marked_and_partial_is_not() -> None:
    app = _Host()
    async with app.run_test(size=(160, 3)):
        bar = app.query_one(StatusBar)
        state = _status(State(), "no data")
        assert "⚠ prometheus no data" in bar.draw(state).plain
        for fine in ("partial", "ok"):
            assert "⚠" not in bar.draw(_status(state, fine)).plain
        assert "⚠ prometheus stale" in bar.draw(_status(state, "stale")).plain
