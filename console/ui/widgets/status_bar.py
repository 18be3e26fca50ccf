"""The status line: mode badge, what is rolling out, agent state, stage, clocks, sources."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console.state import State
from console.ui.format import clock, duration
from console.ui.literal import shown
from console.ui.widgets.panel import Panel

STATE_STYLE = {
    "succeeded": ("✓ succeeded", "$success bold"),
    "rolled_back": ("↩ rolled back", "$error bold"),
    "failed": ("✗ failed", "$error bold"),
    "rolling_back": ("↩ rolling back", "$warning bold"),
    "at_gate": ("⏸ at gate", "$warning bold"),
}


class StatusBar(Panel):
    READS = ("session", "time", "rollout", "control", "traffic", "health")
    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        padding: 0 1;
        border-top: none;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.badges: tuple[str, ...] = ("LIVE",)
        self.session_id = ""

    def local(self) -> Any:
        return (self.badges, self.session_id)

    def draw(self, state: State) -> Content:
        parts: list[tuple[str, str] | str] = []
        for badge in self.badges:
            style = {
                "LIVE": "$success",
                "RECORDING": "$error",
                "REPLAY": "$accent",
                "PAUSED": "$warning",
                "READ-ONLY": "$secondary",
            }.get(badge, "$primary")
            mark = "●" if badge in ("LIVE", "RECORDING") else "■"
            label = "REC" if badge == "RECORDING" and self.size.width < 110 else badge
            parts += [(f" {mark} {label} ", f"{style} reverse bold"), " "]
        if not state.rollout_reported:
            # A service's own log (or an agent yet to start): "agent waiting" over an access
            # log's panels claimed an agent.
            parts += [("no rollout reported", "$text-muted italic"), "  "]
        else:
            word, style = STATE_STYLE.get(state.agent_state, (state.agent_state, "bold"))
            parts += [("agent ", "$text-muted"), (word, style), "  "]
        idx = state.stage_index
        if idx is not None:
            parts += [("stage ", "$text-muted"), (f"{idx + 1}/{len(state.plan)}", "bold"), "  "]
        # A failing source comes before anything the width could cut.
        for name, src in state.sources.items():
            if src["status"] in ("stale", "error", "no data"):
                parts += [(f"⚠ {name} {src['status']}", "$warning bold"), "  "]
        service = shown(str(state.info.get("service") or "no service yet"), 40)
        version = shown(str(state.info.get("version") or ""), 20)
        parts += [(service, "bold"), (f" {version}" if version else "", "$accent"), "  "]
        parts += [
            ("elapsed ", "$text-muted"),
            (duration(state.elapsed), ""),
            "  ",
            (clock(state.clock) + "Z", "$text-muted"),
        ]
        if self.session_id and self.size.width >= 150:
            parts += ["  ", (f"session {self.session_id}", "$text-muted")]
        return Content.assemble(*parts)
