"""The incident panel: what the console's own analysis concluded, as evidence arrives."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console import events as ev
from console.state import State
from console.ui.format import clock
from console.ui.literal import shown
from console.ui.widgets.panel import Panel

SEVERITY = {
    "critical": ("✗", "$error bold"),
    "warning": ("▲", "$warning"),
    "info": ("•", "$text-muted"),
}


SHOWN = 3  # findings under the cause


def shown_findings(state: State) -> list[dict[str, Any]]:
    """The findings the panel lists, oldest first: the latest that still hold, then, in the
    room left, the latest resolved (a resolved one never hides a live one)."""
    rest = [f for f in state.findings if f["code"] != "rca"]
    live = [f for f in rest if f.get("resolved_at") is None][-SHOWN:]
    past = [f for f in rest if f.get("resolved_at") is not None][-(SHOWN - len(live)) :]
    if len(live) == SHOWN:
        past = []
    return sorted(live + past, key=lambda f: float(f["at"]))


LIMITED = (
    (ev.LATENCY_AVG, "avg latency"),
    (ev.LATENCY_P99, "p99 latency"),
    (ev.ERROR_RATE, "error rate"),
)


def over_limit(state: State) -> list[str]:
    """The signals whose latest reading is over its limit, as the panels judge them."""
    return [label for name, label in LIMITED if state.breached(name)]


def _over_limit_now(over: list[str]) -> tuple[tuple[str, str], tuple[str, str]]:
    """The words saying which signals are over their limit while nothing is found yet."""
    return (
        ("no findings yet; over the limit now: ", "$warning"),
        (", ".join(over), "$warning bold"),
    )


class IncidentPanel(Panel):
    TITLE = "Incident"
    READS = ("incident", "signals")  # signals: what is over its limit, with no findings

    def draw(self, state: State) -> Content:
        parts: list[tuple[str, str] | str] = []
        rca = next((f for f in reversed(state.findings) if f["code"] == "rca"), None)
        if rca is not None:
            conf = (rca.get("data") or {}).get("confidence")
            conf_txt = (
                f" ({conf:.0%})"
                if isinstance(conf, int | float) and "%" not in rca["message"]
                else ""
            )
            parts += [
                (shown(rca["message"], 300) + conf_txt, "$error bold"),
                "\n",
            ]
        recent = shown_findings(state)
        for f in recent:
            if f.get("resolved_at") is not None:
                # Past, not a live alarm: dimmed, with when (and why) it ended.
                parts += [
                    (f"✓ {clock(f['at'])} ", "$text-muted"),
                    (shown(f["message"], 300), "$text-muted"),
                    (f" · resolved at {clock(f['resolved_at'])}", "$text-muted italic"),
                    "\n",
                ]
                continue
            sym, style = SEVERITY.get(f["severity"], ("•", ""))
            parts += [(f"{sym} {clock(f['at'])} ", style), (shown(f["message"], 300), ""), "\n"]
        if not recent and state.last_problem:
            p = state.last_problem
            over = over_limit(state)
            if over:  # what the panels' ✗ say, before the line that last said a problem
                parts += [*_over_limit_now(over), "\n"]
            parts += [
                (f"▲ {clock(p['at'])} {p['level']} ", "$warning"),
                (shown(p["message"], 300), ""),
                "\n",
            ]
        if not parts:
            over = over_limit(state)
            if over:
                # The latency and error panels say ✗: "every signal within its baseline"
                # under them read as a contradiction (no baseline is not no problem).
                return Content.assemble(*_over_limit_now(over))
            if not state.metrics:
                # A replay at its first event, a log with no measurements: no signal is
                # not every signal within its baseline.
                return Content.assemble(("no findings: no signals yet", "$text-muted"))
            return Content.assemble(("✓ no findings: every signal within its baseline", "$success"))
        if parts[-1] == "\n":
            parts.pop()
        return Content.assemble(*parts)
