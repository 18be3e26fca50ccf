"""Database: connections per colour against max_connections, query time, DB CPU. The total
is the source's own, or the sum of parts observed together; parts older than the total are
shown with their age, never summed or set beside it as if current."""

from __future__ import annotations

from textual.content import Content

from console import events as ev
from console.state import State
from console.timefmt import age
from console.ui.format import bar, ms, num, pct
from console.ui.widgets.panel import SAME_INSTANT_S, Panel, Part, Reading

UTILISATION_WARN = 80.0  # % of max_connections at which the pool is in danger


class DatabasePanel(Panel):
    TITLE = "Database"
    READS = ("signals", "time")

    def reading(self, state: State) -> Reading:
        # max_connections is configuration, not an observation: it is never stale.
        return Reading(
            state,
            (ev.DB_CONNECTIONS, ""),
            (ev.DB_CONNECTIONS, "blue"),
            (ev.DB_CONNECTIONS, "green"),
            (ev.DB_QUERY_MS, ""),
            (ev.DB_CPU, ""),
            (ev.POOL_AVAILABLE, ""),
        )

    def draw(self, state: State) -> Content:
        r = self.reading(state)
        blue = r.value(ev.DB_CONNECTIONS, "blue")
        green = r.value(ev.DB_CONNECTIONS, "green")
        total = r.value(ev.DB_CONNECTIONS)
        total_age = r.age(ev.DB_CONNECTIONS)
        blue_at = r.at.get((ev.DB_CONNECTIONS, "blue"))
        green_at = r.at.get((ev.DB_CONNECTIONS, "green"))
        parts_at = (
            min(blue_at, green_at)
            if blue is not None
            and green is not None
            and blue_at
            and green_at
            and abs(blue_at - green_at) <= SAME_INSTANT_S
            else None
        )
        total_at = r.at.get((ev.DB_CONNECTIONS, "")) or 0.0
        if (
            parts_at is not None
            and (total is None or total_age is not None)
            and parts_at >= total_at
        ):
            # No total of the source's own, or an older one: the parts observed together.
            total, total_age = (blue or 0) + (green or 0), r.age(ev.DB_CONNECTIONS, "blue")
        cap = state.metric(ev.DB_CONNECTIONS_MAX)
        util = total / cap * 100 if total is not None and cap else None
        width = max(8, self.size.width - 2)
        # The headline stays in its place when older than the rest, marked with its age and
        # not judged (no "pool at risk" from an old count).
        danger = util is not None and util >= UTILISATION_WARN and total_age is None
        line1: list[Part] = [
            ("db conns ", "$text-muted"),
            (f"{num(total)}/{num(cap)}", "$error bold" if danger else "bold"),
            (f" {pct(util, 0)}", "$error bold" if danger else ""),
            (" ✗ pool at risk" if danger else "", "$error bold"),
        ]
        if total_age is not None:
            line1[1:3] = [(f"{num(total)}/{num(cap)} {pct(util, 0)}", "$text-muted")]
            line1.append((f"  {age(total_age)} earlier", "$text-muted italic"))
        # Blue and green beside the bar only when they are of the panel's instant.
        split = f" blue {num(blue)} green {num(green)}"
        if blue is not None or green is not None:
            stale_parts = [
                a for a in (r.age(ev.DB_CONNECTIONS, c) for c in ("blue", "green")) if a is not None
            ]
            if stale_parts:
                r.old.append((max(stale_parts), [(split.strip(), "$text-muted")]))
                split = ""
        filled, empty = bar((util or 0) / 100, max(6, width - len(split)))
        line3: list[Part] = []
        for label, name, text in (
            ("query ", ev.DB_QUERY_MS, ms(r.value(ev.DB_QUERY_MS))),
            ("db cpu ", ev.DB_CPU, pct(r.value(ev.DB_CPU), 0)),
            ("pool free ", ev.POOL_AVAILABLE, num(r.value(ev.POOL_AVAILABLE))),
        ):
            value = r.value(name)
            if name == ev.POOL_AVAILABLE and value is None:
                continue
            if r.stale(name, "", [(f"{label}{text}", "$text-muted")]):
                continue
            low = name == ev.POOL_AVAILABLE and value is not None and value <= 0
            line3 += [
                ("  " if line3 else "", ""),
                (label, "$text-muted"),
                (text, "$error bold" if low else "bold"),
            ]
        return Content.assemble(
            *r.as_of(),
            *line1,
            "\n",
            ("▮" * filled, "$error" if danger else "$text-muted" if total_age else "$accent"),
            ("·" * empty, "$text-muted"),
            (split, ""),
            *(["\n", *line3] if line3 else []),
            *r.earlier(),
        )
