"""Every Rollout at a glance: the fleet table, live, sorted with those needing a person first.

Enter opens the rollout's console (its own recorded session); Esc there comes back here.
`/` filters. A gate opening on a rollout shows in the table (the ▶ marker) and on the
status line, and as a toast (see FleetApp) when a rollout's console is on top.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from console.sources.kube.fleet import FleetSource
from console.textsafe import printable
from console.ui.widgets.fleet_table import FleetTable

# open_rollout(namespace, name): push that rollout's console (the caller makes the session).
Opener = Callable[[str, str], None]


class FleetScreen(Screen[None]):
    DEFAULT_CSS = """
    FleetScreen { layout: vertical; }
    FleetScreen #fleet-head { height: 1; background: $panel; padding: 0 1; }
    FleetScreen #fleet-filter { display: none; height: 1; border: none; padding: 0 1; }
    FleetScreen #fleet-filter.-visible { display: block; }
    FleetScreen #fleet-line { height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear", show=False),
    ]

    def __init__(
        self, fleet: FleetSource, open_rollout: Opener, *, refresh_interval: float = 0.25
    ) -> None:
        super().__init__()
        self.fleet = fleet
        self.open_rollout = open_rollout
        self.refresh_interval = refresh_interval
        self.filter_text = ""
        self._drawn: tuple[Any, ...] | None = None
        self.last_notice = ""
        self._filtering = False

    def compose(self) -> ComposeResult:
        yield Static(id="fleet-head")
        yield FleetTable(id="fleet-table")
        yield Input(placeholder="filter rollouts (enter: keep, esc: clear)", id="fleet-filter")
        yield Static(id="fleet-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FleetTable).focus()
        self.set_interval(self.refresh_interval, self.tick)
        self.tick()

    def visible_rows(self) -> list[Any]:
        return [r for r in self.fleet.rows() if r.matches(self.filter_text)]

    def tick(self) -> None:
        """Redraw when the fleet changed (coalesced: once a tick however many changes)."""
        tracker = self.fleet.tracker
        self.last_notice = tracker.notices[-1].text if tracker.notices else ""
        rows = self.visible_rows()
        waiting = sum(1 for r in self.fleet.rows() if r.waiting)
        key = (
            tracker.version,
            self.filter_text,
            self.size.width,
            self.fleet.status,
            waiting,
            self.last_notice,
            int(time.time() // 10),  # pause countdowns move on
        )
        if key == self._drawn:
            return
        self._drawn = key
        table = self.query_one(FleetTable)
        table.show(rows, namespaces=not self.fleet.namespace)
        total = len(tracker.rows)
        shown = f"{len(rows)} of {total}" if self.filter_text else f"{total}"
        head: list[str | tuple[str, str]] = [
            ("FLEET ", "$accent bold"),
            ("LIVE ", "$success"),
            f"· {self.fleet.where} · {shown} rollouts",
        ]
        if waiting:
            head.append((f" · ▶ {waiting} waiting for you", "$warning bold"))
        self.query_one("#fleet-head", Static).update(Content.assemble(*head))
        line = self.last_notice or f"{self.fleet.status} · enter: open · /: filter"
        style = "$warning" if self.last_notice else ("$error" if self.fleet.problems else "")
        self.query_one("#fleet-line", Static).update(
            Content.styled(printable(line, 300), style) if style else Content(printable(line, 300))
        )

    def action_open(self) -> None:
        key = self.query_one(FleetTable).selected_key
        if key is None:
            return
        namespace, _, name = key.partition("/")
        self.open_rollout(namespace, name)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_filter(self) -> None:
        box = self.query_one("#fleet-filter", Input)
        box.add_class("-visible")
        box.focus()
        self._filtering = True

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after "/" can arrive before the box takes the focus (it only
        # can once shown): they are the filter's all the same.
        box = self.query_one("#fleet-filter", Input)
        if self._filtering and not box.has_focus and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.tick()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._filtering = False
        self.query_one(FleetTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#fleet-filter", Input)
        box.value = ""
        box.remove_class("-visible")
        self._filtering = False
        self.filter_text = ""
        self.query_one(FleetTable).focus()
        self.tick()
