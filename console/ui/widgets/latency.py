"""Latency: avg, p95, p99 against the threshold and SLO, per colour where the source measures
each, with history. Figures of one instant; older ones apart, with their age, unjudged. A log
that times no request but its queries, jobs or build steps (derived's work time) shows those,
named for what they are and judged against no SLO: a worker's 40 s job is no request over a
500 ms limit."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from console import events as ev
from console.state import State
from console.ui.format import ms, spark, took
from console.ui.widgets.panel import Panel, Part, Reading, verdict

COLOURS = ("blue", "green")


class LatencyPanel(Panel):
    TITLE = "Latency"
    READS = ("signals", "time")

    def reading(self, state: State) -> Reading:
        if _work_only(state):
            return Reading(state, *((m, "") for m in ev.WORK))
        return Reading(
            state,
            *((m, "") for m in ev.LATENCY),
            *((m, c) for m in (ev.LATENCY_AVG, ev.LATENCY_P99) for c in COLOURS),
        )

    def draw(self, state: State) -> Content:
        if _work_only(state):
            return self._draw_work(state)
        r = self.reading(state)
        avg_limit = state.threshold(ev.LATENCY_AVG)
        slo = state.threshold(ev.LATENCY_P99)
        limits = {ev.LATENCY_AVG: avg_limit, ev.LATENCY_P99: slo}
        width = max(8, self.size.width - 2)

        def value(label: str, name: str, scope: str = "") -> list[Part]:
            return _figure(r, label, name, scope, limits.get(name), ms)

        line1 = _joined(
            value("avg", ev.LATENCY_AVG), value("p95", ev.LATENCY_P95), value("p99", ev.LATENCY_P99)
        )
        # Per colour, the percentile the SLO judges (p99) if the source has it, else avg.
        per = next(
            (
                m
                for m in (ev.LATENCY_P99, ev.LATENCY_AVG)
                if any(r.value(m, c) is not None for c in COLOURS)
            ),
            None,
        )
        colours: list[Part] = []
        if per is not None:
            short = "p99" if per == ev.LATENCY_P99 else "avg"
            colours = _joined(*(value(f"{c} {short}", per, c) for c in COLOURS))
            if colours:
                colours.insert(0, "\n")
        limit_line = [
            ("limits ", "$text-muted"),
            (f"avg ≤{ms(avg_limit)}  p99 ≤{ms(slo)} SLO", "$text-muted"),
        ]
        p99_hist = state.series(ev.LATENCY_P99) or state.series(ev.LATENCY_AVG)
        chart_limit = slo if state.series(ev.LATENCY_P99) else avg_limit
        label = "p99 " if state.series(ev.LATENCY_P99) else "avg "
        if colours and not line1:
            colours = colours[1:]  # every total is stale: the colours are the current line
        return Content.assemble(
            *r.as_of(),
            *line1,
            *colours,
            *(r.earlier()[1:] if not line1 and not colours else r.earlier()),
            "\n",
            (label, "$text-muted"),
            *spark(p99_hist, width - 4, chart_limit),
            "\n",
            *limit_line,
        )

    def _draw_work(self, state: State) -> Content:
        """The log's work time: its figures and history, no limit to judge them by."""
        r = self.reading(state)
        width = max(8, self.size.width - 2)
        figures = _joined(
            *(
                _figure(r, label, name, "", None, took)
                for label, name in zip(("avg", "p95", "p99"), ev.WORK, strict=True)
                if r.value(name) is not None
            )
        )
        return Content.assemble(
            *r.as_of(),
            # first: the compact layout shows no panel titles, and these are no latency
            ("work time · no request · no SLO", "$text-muted"),
            "\n",
            *figures,
            *(r.earlier()[1:] if not figures else r.earlier()),
            "\n",
            ("p99 ", "$text-muted"),
            *spark(state.series(ev.WORK_P99), width - 4),
        )


def _figure(
    r: Reading,
    label: str,
    name: str,
    scope: str,
    limit: float | None,
    shown: Callable[[float | None], str],
) -> list[Part]:
    """A labelled figure, with ✓/✗ when there is a limit to judge it by; nothing if it is
    stale (it is then among the earlier figures, unjudged)."""
    v = r.value(name, scope)
    if r.stale(name, scope, [(f"{label} {shown(v)}", "$text-muted")]):
        return []
    ok = None if v is None or limit is None else v <= limit
    sym, style = verdict(ok)
    return [
        (f"{label} ", "$text-muted"),
        (shown(v), "bold" if ok is not False else style),
        (f"{sym}" if ok is not None else "", style),
    ]


def _joined(*figures: list[Part]) -> list[Part]:
    """The figures on one line, two spaces between, the empty ones left out."""
    out: list[Part] = []
    for f in figures:
        if f:
            out += [("  " if out else "", ""), *f]
    return out


def _work_only(state: State) -> bool:
    """Does the session time no request but other work (a worker's, a database's, a build's)?"""
    latency = any(state.series(m, c) for m in ev.LATENCY for c in ("", *COLOURS))
    return not latency and bool(state.series(ev.WORK_P99))
