"""Database: connections per colour against max_connections, query time, DB CPU."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from console import events as ev
from console.state import State
from console.ui.format import bar, ms, num, pct
from console.ui.widgets.panel import Panel

UTILISATION_WARN = 80.0  # % of max_connections at which the pool is in danger


class DatabasePanel(Panel):
    TITLE = "Database"

    def key(self, state: State) -> Any:
        return (
            tuple(state.metric(ev.DB_CONNECTIONS, s) for s in ("blue", "green", "")),
            state.metric(ev.DB_CONNECTIONS_MAX),
            state.metric(ev.DB_QUERY_MS),
            state.metric(ev.DB_CPU),
            state.metric(ev.POOL_AVAILABLE),
            self.size.width,
        )

    def draw(self, state: State) -> Content:
        blue = state.metric(ev.DB_CONNECTIONS, "blue")
        green = state.metric(ev.DB_CONNECTIONS, "green")
        total = state.metric(ev.DB_CONNECTIONS)
        if total is None and blue is not None and green is not None:
            total = blue + green
        cap = state.metric(ev.DB_CONNECTIONS_MAX)
        util = total / cap * 100 if total is not None and cap else None
        danger = util is not None and util >= UTILISATION_WARN
        width = max(8, self.size.width - 2)
        line1: list[tuple[str, str] | str] = [
            ("db conns ", "$text-muted"),
            (f"{num(total)}/{num(cap)}", "$error bold" if danger else "bold"),
            (f" {pct(util, 0)}", "$error bold" if danger else ""),
            (" ✗ pool at risk" if danger else "", "$error bold"),
        ]
        split = f" blue {num(blue)} green {num(green)}"
        filled, empty = bar((util or 0) / 100, max(6, width - len(split)))
        line3: list[tuple[str, str] | str] = [
            ("query ", "$text-muted"),
            (ms(state.metric(ev.DB_QUERY_MS)), "bold"),
            ("  db cpu ", "$text-muted"),
            (pct(state.metric(ev.DB_CPU), 0), "bold"),
        ]
        avail = state.metric(ev.POOL_AVAILABLE)
        if avail is not None:
            line3 += [
                ("  pool free ", "$text-muted"),
                (num(avail), "$error bold" if avail <= 0 else ""),
            ]
        return Content.assemble(
            *line1,
            "\n",
            ("▮" * filled, "$error" if danger else "$accent"),
            ("·" * empty, "$text-muted"),
            (split, ""),
            "\n",
            *line3,
        )
