"""Latency: avg, p95, p99 against the threshold and SLO, with history."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console import events as ev
from console.state import State
from console.ui.format import ms, spark
from console.ui.widgets.panel import Panel, verdict


class LatencyPanel(Panel):
    TITLE = "Latency"

    def key(self, state: State) -> Any:
        return (
            tuple(state.metric(m) for m in (ev.LATENCY_AVG, ev.LATENCY_P95, ev.LATENCY_P99)),
            len(state.history.get(ev.LATENCY_P99, ())),
            state.threshold(ev.LATENCY_AVG),
            state.threshold(ev.LATENCY_P99),
            self.size.width,
        )

    def draw(self, state: State) -> Content:
        avg, p95, p99 = (state.metric(m) for m in (ev.LATENCY_AVG, ev.LATENCY_P95, ev.LATENCY_P99))
        avg_limit = state.threshold(ev.LATENCY_AVG)
        slo = state.threshold(ev.LATENCY_P99)
        width = max(8, self.size.width - 2)

        def value(label: str, v: float | None, limit: float | None) -> list[tuple[str, str]]:
            """A labelled figure, with ✓/✗ when there is a limit to judge it by."""
            ok = None if v is None or limit is None else v <= limit
            sym, style = verdict(ok)
            return [
                (f"{label} ", "$text-muted"),
                (ms(v), "bold" if ok is not False else style),
                (f"{sym} " if ok is not None else " ", style),
            ]

        line1: list[tuple[str, str] | str] = [
            *value("avg", avg, avg_limit),
            " ",
            *value("p95", p95, None),
            " ",
            *value("p99", p99, slo),
        ]
        limits = [
            ("limits ", "$text-muted"),
            (f"avg ≤{ms(avg_limit)}  p99 ≤{ms(slo)} SLO", "$text-muted"),
        ]
        p99_hist = state.series(ev.LATENCY_P99) or state.series(ev.LATENCY_AVG)
        chart_limit = slo if state.series(ev.LATENCY_P99) else avg_limit
        label = "p99 " if state.series(ev.LATENCY_P99) else "avg "
        return Content.assemble(
            *line1,
            "\n",
            (label, "$text-muted"),
            *spark(p99_hist, width - 4, chart_limit),
            "\n",
            *limits,
        )
