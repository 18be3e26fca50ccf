"""The stage timeline: when each stage started, how each gate was decided, how it ended."""

from __future__ import annotations

from textual.content import Content

from console.state import STAGE_MARKS, State
from console.ui.format import clock
from console.ui.literal import shown
from console.ui.widgets.panel import STAGE_STYLES, Panel

DECISION_MARK = {"approve": "✓", "rollback": "↩", "hold": "‖"}


class TimelinePanel(Panel):
    TITLE = "Timeline"
    READS = ("rollout", "control", "traffic")  # traffic: whether a rollout was reported

    def draw(self, state: State) -> Content:
        """One line per stage (an item never wraps in two), then how it ended."""
        lines: list[list[tuple[str, str] | str]] = []
        decided = {g["stage_pct"]: g for g in state.gates if g["decision"]}
        for stage in state.stages[-6:]:
            pct = stage["traffic_pct"]
            status = state.stage_status(stage)
            line: list[tuple[str, str] | str] = [
                (STAGE_MARKS.get(status, " "), STAGE_STYLES.get(status, "$text-muted")),
                (f"{pct:>4g}%", "bold"),
                (f" {clock(stage['started_at'])[:5]}", "$text-muted"),
            ]
            gate = decided.get(pct)
            if gate:
                mark = DECISION_MARK.get(gate["decision"], "?")
                # Who and what come from the store and the agent: data, never markup.
                who = f" by {shown(gate['operator'], 40)}" if gate.get("operator") else ""
                style = "$success" if gate["decision"] == "approve" else "$warning"
                line.append((f"  {mark} {shown(gate['decision'], 20)}{who}", style))
            lines.append(line)
        if state.rollback:
            lines.append(
                [
                    ("   ↩ rollback ", "$warning bold"),
                    (clock(state.rollback["started_at"])[:5], "$text-muted"),
                ]
            )
        if state.outcome:
            status = state.outcome["status"]
            style = "$success bold" if status == "succeeded" else "$error bold"
            word = {
                "succeeded": "✓ SUCCEEDED",
                "rolled_back": "↩ ROLLED BACK",
                "failed": "✗ FAILED",
            }.get(status, shown(status, 30).upper())
            lines.append([(f"   {word}", style)])
        if not lines:
            if not state.rollout_reported:
                return Content.assemble(("no stages: no rollout reported", "$text-muted"))
            return Content.assemble(("waiting for the first stage…", "$text-muted"))
        parts: list[tuple[str, str] | str] = []
        for n, line in enumerate(lines):
            if n:
                parts.append("\n")
            parts.extend(line)
        return Content.assemble(*parts)
