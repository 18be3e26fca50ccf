"""Issue #20: what each panel shows is true at one instant. Findings that ended read as
resolved; set and actual weight are two values; per-colour figures beside the total; a
panel never combines values of different observations without saying how old each is."""

from __future__ import annotations

from textual.app import App, ComposeResult

from console import events as ev
from console.state import State, reduce_all
from console.ui.widgets.database import DatabasePanel
from console.ui.widgets.errors import ErrorsPanel
from console.ui.widgets.incident import IncidentPanel
from console.ui.widgets.latency import LatencyPanel
from console.ui.widgets.panel import Panel
from console.ui.widgets.traffic import TrafficPanel

T0 = 1_732_181_400.0  # 2024-11-21T09:30:00Z


class Panels(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        for cls in (TrafficPanel, LatencyPanel, ErrorsPanel, DatabasePanel, IncidentPanel):
            panel = cls()
            panel.styles.width = self.width
            yield panel


async def drawn(state: State, width: int = 44) -> dict[str, str]:
    """Each panel's text for ``state``, laid out ``width`` cells wide."""
    app = Panels(width)
    async with app.run_test(size=(120, 60)) as pilot:
        for panel in app.query(Panel):
            panel.show(state)
        await pilot.pause()
        return {type(p).__name__: str(p.render()) for p in app.query(Panel)}


def fold(*events: ev.Event) -> State:
    return reduce_all(State(), events)


def at(seconds: float) -> float:
    return T0 + seconds


async def test_a_resolved_finding_is_dimmed_and_says_when_it_ended() -> None:
    state = fold(
        ev.GateOpened(ts=at(0), gate_id="g1", stage_pct=50.0, next_pct=75.0),
        ev.Finding(
            ts=at(300),
            code="gate_waiting",
            severity="warning",
            message="gate g1 after 50 % has waited 5 min for a decision",
            data={"gate_id": "g1"},
        ),
    )
    live = (await drawn(state))["IncidentPanel"]
    assert live.startswith("▲ 09:35:00 gate g1") and "resolved" not in live
    reduce_all(state, [ev.GateClosed(ts=at(330), gate_id="g1", decision="approve")])
    text = (await drawn(state))["IncidentPanel"]
    assert text.startswith("✓ 09:35:00 gate g1") and "resolved at 09:35:30" in text
    assert "▲" not in text
