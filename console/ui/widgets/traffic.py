"""Traffic split: blue vs green, set and actual weight, and the stage plan."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console import events as ev
from console.state import STAGE_MARKS, State
from console.ui.format import bar
from console.ui.widgets.panel import STAGE_STYLES, Panel


class TrafficPanel(Panel):
    TITLE = "Traffic"

    def key(self, state: State) -> Any:
        return (
            state.metric(ev.REQUEST_RATE),
            state.green_pct,
            state.actual_green_pct,
            tuple(state.plan),
            state.total("stages"),
            tuple(st.get("result") for st in state.stages[-6:]),
            state.agent_state,
            self.size.width,
        )

    def draw(self, state: State) -> Content:
        green = state.green_pct
        width = max(10, self.size.width - 2)
        filled, empty = bar(green / 100.0, width)
        actual = state.actual_green_pct
        head = [
            ("blue ", "$text-muted"),
            (f"{100 - green:g}%", "bold"),
            ("  green ", "$text-muted"),
            (f"{green:g}%", "$success bold"),
        ]
        rps = state.metric(ev.REQUEST_RATE)
        if rps is not None:
            head += [("  ", ""), (f"{rps:.0f} req/s", "$text-muted")]
        if actual is not None and abs(actual - green) >= 0.5:
            head += [("  actual ", "$text-muted"), (f"{actual:g}%", "$warning bold")]
        plan: list[tuple[str, str] | str] = []
        for pct, status in state.plan_progress():
            mark = STAGE_MARKS.get(status, "·")
            plan.append((f"{mark}{pct:g}%", STAGE_STYLES.get(status, "$text-muted")))
            plan.append(" ")
        return Content.assemble(
            *head,
            "\n",
            ("█" * empty, "$primary"),  # blue share, left
            ("█" * filled, "$success"),
            "\n",
            *plan,
        )
