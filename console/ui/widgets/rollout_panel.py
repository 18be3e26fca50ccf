"""The Argo Rollout as its controller means it: phase, step and its kind, weights or the
active/preview services, the pause and how it ends, analysis. Shown only for a rollout
watched in Kubernetes (the session's agent is argo-rollouts)."""

from __future__ import annotations

from textual.content import Content

from console.state import State
from console.textsafe import printable
from console.ui.widgets.panel import Panel

PHASES = {
    "healthy": ("✔ Healthy", "$success bold"),
    "progressing": ("◌ Progressing", "$accent bold"),
    "paused": ("‖ Paused", "$warning bold"),
    "degraded": ("✖ Degraded", "$error bold"),
    "deleted": ("✖ Deleted", "$error bold"),
    # What other events make of the phase in State (a gate, a stage, a rollback).
    "at_gate": ("‖ Paused at a gate", "$warning bold"),
    "monitoring": ("◌ Progressing", "$accent bold"),
    "shifting": ("◌ Progressing", "$accent bold"),
    "rolling_back": ("↩ Rolling back", "$error bold"),
}


class RolloutPanel(Panel):
    TITLE = "Rollout"
    READS = ("session", "rollout")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False  # until a rollout watched in Kubernetes is seen

    def show(self, state: State) -> None:
        self.display = state.info.get("agent") == "argo-rollouts"
        super().show(state)

    def draw(self, state: State) -> Content:
        if state.info.get("agent") != "argo-rollouts":
            return Content("")
        word, style = PHASES.get(state.phase, (state.phase or "?", "bold"))
        parts: list[tuple[str, str] | str] = [(word, style)]
        for item in (state.phase_detail or "").split("; "):
            if item:
                parts += ["\n", printable(item, 300)]
        return Content.assemble(*parts)
