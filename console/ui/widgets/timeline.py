"""The stage timeline: when each stage started, how each gate was decided, how it ended."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console.state import State
from console.ui.format import clock
from console.ui.widgets.panel import Panel

DECISION_MARK = {"approve": "✓", "rollback": "↩", "hold": "‖"}


class TimelinePanel(Panel):
    TITLE = "Timeline"

    def key(self, state: State) -> Any:
        return (
            len(state.stages),
            len(state.gates),
            tuple(g["decision"] for g in state.gates),
            bool(state.rollback),
            state.outcome and state.outcome["status"],
        )

    def draw(self, state: State) -> Content:
        parts: list[tuple[str, str] | str] = []
        decided = {g["stage_pct"]: g for g in state.gates if g["decision"]}
        for stage in state.stages[-6:]:
            pct = stage["traffic_pct"]
            parts += [(f"{pct:g}%", "bold"), (f" {clock(stage['started_at'])[:5]}", "$text-muted")]
            gate = decided.get(pct)
            if gate:
                mark = DECISION_MARK.get(gate["decision"], "?")
                who = f" {gate['operator']}" if gate.get("operator") else ""
                style = "$success" if gate["decision"] == "approve" else "$warning"
                parts.append((f" {mark}{gate['decision']}{who}", style))
            parts.append(("  ›  ", "$text-muted"))
        if state.rollback:
            parts += [
                ("↩ rollback ", "$warning bold"),
                (clock(state.rollback["started_at"])[:5], "$text-muted"),
                "  ",
            ]
        if state.outcome:
            status = state.outcome["status"]
            style = "$success bold" if status == "succeeded" else "$error bold"
            word = {
                "succeeded": "✓ SUCCEEDED",
                "rolled_back": "↩ ROLLED BACK",
                "failed": "✗ FAILED",
            }.get(status, status.upper())
            parts.append((word, style))
        elif parts:
            parts.pop()  # the trailing separator
        if not parts:
            parts.append(("waiting for the first stage…", "$text-muted"))
        return Content.assemble(*parts)
