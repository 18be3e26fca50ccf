"""Error rate against its SLO, with history."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console import events as ev
from console.state import State
from console.ui.format import pct, spark
from console.ui.widgets.panel import Panel, verdict


class ErrorsPanel(Panel):
    TITLE = "Errors"

    def key(self, state: State) -> Any:
        return (
            state.metric(ev.ERROR_RATE),
            state.metric(ev.REQUEST_RATE),
            len(state.history.get(ev.ERROR_RATE, ())),
            state.threshold(ev.ERROR_RATE),
            state.metric(ev.TIMEOUT_RATE),
            self.size.width,
        )

    def draw(self, state: State) -> Content:
        rate = state.metric(ev.ERROR_RATE)
        limit = state.threshold(ev.ERROR_RATE)
        ok = None if rate is None or limit is None else rate <= limit
        sym, style = verdict(ok)
        width = max(8, self.size.width - 2)
        head: list[tuple[str, str] | str] = [
            ("errors ", "$text-muted"),
            (pct(rate, 2), "bold" if ok is not False else style),
            (f" {sym}" if ok is not None else "", style),
            (f"  SLO ≤{pct(limit)}", "$text-muted"),
        ]
        timeouts = state.metric(ev.TIMEOUT_RATE)
        if timeouts:  # only when requests are timing out: one line at 80 columns otherwise
            head += [
                ("  timeouts ", "$text-muted"),
                (pct(timeouts), "$warning" if timeouts > 0 else ""),
            ]
        return Content.assemble(*head, "\n", *spark(state.series(ev.ERROR_RATE), width, limit))
