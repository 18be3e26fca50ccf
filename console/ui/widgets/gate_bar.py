"""The gate bar: the decision in front of the engineer between stages.

Shows the stage just completed, how long the gate has waited, the checks of the window with
their verdicts and reasons, blue-vs-green, and what Approve will do next. Approve, Hold and
Rollback are buttons (and keys on the screen); a verb that does not apply now is disabled and
the reason is written beside it. Pressing one posts ``GateBar.Verb`` up to the screen.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from console.state import State
from console.ui.format import duration
from console.ui.literal import shown
from console.ui.widgets.panel import verdict

VERBS = ("approve", "hold", "rollback")
# How the blue-vs-green line names metrics (the analysis speaks canonical names).
SHORT_NAMES = {
    "latency_avg_ms": "avg ms",
    "latency_p95_ms": "p95 ms",
    "latency_p99_ms": "p99 ms",
    "error_rate_pct": "err %",
    "db_connections": "db conns",
    "db_connections_pct": "db conn %",
    "request_rate_rps": "req/s",
    "timeout_rate_pct": "timeouts %",
    "db_query_ms": "query ms",
}
Availability = dict[str, tuple[bool, str]]


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def describe_gate(state: State) -> Content:
    gate = state.gate
    if gate is None:
        word = state.agent_state.replace("_", " ")
        said = f" · agent {word}" if state.rollout_reported else " · no rollout reported"
        return Content.assemble(("no gate open", "bold"), (said, "$text-muted"))
    waited = (state.clock or gate["opened_at"]) - gate["opened_at"]
    nxt = gate["next_pct"]
    approve_does = f"shift to {nxt:g}%" if nxt is not None else "finish the rollout"
    parts: list[tuple[str, str] | str] = [
        ("⏸ GATE ", "$warning bold"),
        (shown(str(gate["gate_id"]), 24), "bold"),
        (f" · stage {gate['stage_pct']:g}% done · waiting {duration(waited)}", ""),
        (" · HELD" if gate.get("held") else "", "$warning bold"),
        (" · Approve will ", "$text-muted"),
        (approve_does, "$accent bold"),
        "\n",
    ]
    checks = gate.get("checks") or []
    if not checks:
        parts.append(("checks: computing…", "$text-muted"))
    # Failing and unknown checks say why in full; passing ones just name themselves, so the
    # bar stays a few lines tall and what needs reading is what is wrong.
    for c in sorted(checks, key=lambda c: c.get("ok") is True):
        sym, style = verdict(c.get("ok"))
        text = c.get("name") if c.get("ok") is True else c.get("reason") or c.get("name")
        parts += [(f"{sym} ", style), (shown(str(text), 90), ""), ("  ", "")]
    # Blue vs green for the signals the checks judge; the rest is in the export.
    compare = [c for c in gate.get("compare") or [] if str(c.get("metric")) in SHORT_NAMES]
    if compare:
        parts.append("\n")
        parts.append(("blue→green ", "$text-muted"))
        for c in compare:
            metric = str(c.get("metric"))
            parts += [
                (f"{SHORT_NAMES[metric]} ", "$text-muted"),
                (f"{_fmt(c.get('blue'))}→{_fmt(c.get('green'))}  ", ""),
            ]
    return Content.assemble(*parts)


class GateBar(Vertical):
    DEFAULT_CSS = """
    GateBar {
        height: auto;
        max-height: 9;
        padding: 0 1;
        background: $panel;
        border-top: heavy $panel-lighten-2;
        &.-open { border-top: heavy $warning; }
        #gate-text { height: auto; max-height: 5; }
        #gate-verbs { height: auto; }
        #gate-verbs Button { margin-right: 2; min-width: 14; }
        #gate-why { color: $text-muted; width: 1fr; height: auto; max-height: 3; }
    }
    """

    class Verb(Message):
        def __init__(self, verb: str) -> None:
            super().__init__()
            self.verb = verb

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Any = None

    def compose(self) -> ComposeResult:
        yield Static(id="gate-text")
        with Horizontal(id="gate-verbs"):
            # Content(), not a str: a label string is markup, and "[a]" would vanish.
            yield Button(
                Content("✓ Approve [a]"), id="verb-approve", variant="success", compact=True
            )
            yield Button(Content("‖ Hold [h]"), id="verb-hold", variant="warning", compact=True)
            yield Button(
                Content("↩ Rollback [r]"), id="verb-rollback", variant="error", compact=True
            )
            yield Static(id="gate-why")

    def show(self, state: State, availability: Availability) -> None:
        gate = state.gate
        key = (
            repr(gate),
            int(state.clock or 0) if gate else None,
            state.agent_state,
            state.rollout_reported,
            tuple(sorted(availability.items())),
        )
        if key == self._key:
            return
        self._key = key
        self.set_class(gate is not None, "-open")
        self.query_one("#gate-text", Static).update(describe_gate(state))
        why: dict[str, list[str]] = {}  # reason -> the verbs it disables
        for verb in VERBS:
            enabled, reason = availability.get(verb, (False, "unavailable"))
            button = self.query_one(f"#verb-{verb}", Button)
            button.disabled = not enabled
            if not enabled and reason:
                why.setdefault(reason, []).append(verb)
        if len(why) == 1 and len(next(iter(why.values()))) == len(VERBS):
            text = next(iter(why))  # one reason for all three: naming them is noise
        else:
            text = " · ".join(f"{', '.join(verbs)}: {reason}" for reason, verbs in why.items())
        self.query_one("#gate-why", Static).update(Content(shown(text, 200)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("verb-"):
            self.post_message(self.Verb(event.button.id.removeprefix("verb-")))
