"""Error rate against its SLO, per colour where the source measures each, with history."""

from __future__ import annotations

from textual.content import Content

from console import events as ev
from console.state import State
from console.timefmt import age
from console.ui.format import pct, spark
from console.ui.widgets.panel import Panel, Part, Reading, verdict

COLOURS = ("blue", "green")


class ErrorsPanel(Panel):
    TITLE = "Errors"
    READS = ("signals", "time")

    def reading(self, state: State) -> Reading:
        return Reading(
            state,
            (ev.ERROR_RATE, ""),
            (ev.TIMEOUT_RATE, ""),
            *((ev.ERROR_RATE, c) for c in COLOURS),
        )

    def draw(self, state: State) -> Content:
        r = self.reading(state)
        limit = state.threshold(ev.ERROR_RATE)
        width = max(8, self.size.width - 2)

        def figure(label: str, scope: str, digits: int) -> list[Part]:
            """A labelled rate judged against the SLO; nothing if it is stale (it is then
            among the earlier figures, unjudged)."""
            rate = r.value(ev.ERROR_RATE, scope)
            old: list[Part] = [(f"{label}{pct(rate, digits)}", "$text-muted")]
            if r.stale(ev.ERROR_RATE, scope, old):
                return []
            ok = None if rate is None or limit is None else rate <= limit
            sym, style = verdict(ok)
            return [
                (label, "$text-muted"),
                (pct(rate, digits), "bold" if ok is not False else style),
                (f" {sym}" if ok is not None else "", style),
            ]

        total_age = r.age(ev.ERROR_RATE) if r.value(ev.ERROR_RATE) is not None else None
        if total_age is None:
            total = figure("errors ", "", 2)
        else:
            # Older than the colours (a source that sends the total less often): it keeps
            # its place, with its age and unjudged, as the database's total does.
            total = [
                ("errors ", "$text-muted"),
                (pct(r.value(ev.ERROR_RATE), 2), "$text-muted"),
                (f"  {age(total_age)} earlier", "$text-muted italic"),
            ]
        head: list[Part] = [*r.as_of(), *total]
        head.append((f"  SLO ≤{pct(limit)}", "$text-muted"))
        timeouts = r.value(ev.TIMEOUT_RATE)
        shown: list[Part] = [("timeouts ", "$text-muted"), (pct(timeouts), "$warning")]
        if timeouts and not r.stale(ev.TIMEOUT_RATE, "", shown):
            # Only when requests are timing out: one line at 80 columns otherwise.
            head += [("  ", ""), *shown]
        if any(r.value(ev.ERROR_RATE, c) is not None for c in COLOURS):
            # Per colour: the figures the incident panel and the gate judge green by.
            per: list[Part] = []
            for colour in COLOURS:
                got = figure(f"{colour} ", colour, 1)
                if got:
                    per += [("  " if per else "", ""), *got]
            if per:
                head += ["\n", *per]
        return Content.assemble(
            *head, *r.earlier(), "\n", *spark(state.series(ev.ERROR_RATE), width, limit)
        )
