"""One log entry in full: every line, its JSON fields and the measurements it states."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from console.textsafe import printable
from console.timefmt import iso
from console.ui.widgets.log_view import Entry


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def describe_entry(entry: Entry) -> Content:
    e = entry.event
    parts: list[tuple[str, str] | str] = []

    def row(label: str, value: str) -> None:
        parts.extend([(f"{label:<10}", "$text-muted"), (printable(value, 2000), ""), "\n"])

    row("time", iso(entry.ts) or "—")
    if entry.count > 1:
        row("repeated", f"{entry.count} times in a row, the last at {iso(entry.last_ts)}")
    row("level", entry.level or "—")
    if e is not None:
        row("source", e.source)
        row("format", e.fmt)
    row("event", f"#{entry.seq}")
    parts.append(("\nmessage\n", "bold"))
    message = e.message if e is not None else entry.head[22:]
    parts.append((printable(message, 20_000, keep_newlines=True) + "\n", ""))
    detail = e.detail if e is not None else tuple(line[2:] for line in entry.lines[1:])
    if detail:
        parts.append((f"\n{len(detail)} more line{'s' * (len(detail) > 1)}\n", "bold"))
        for line in detail:
            parts.append((printable(line, 20_000) + "\n", ""))
    fields = dict(e.fields or {}) if e is not None else {}
    if not fields and message.lstrip().startswith("{"):
        try:
            loaded = json.loads(message)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            fields = loaded
    if fields:
        parts.append((f"\nfields ({len(fields)})\n", "bold"))
        width = min(24, max(len(str(k)) for k in fields) + 1)
        for key in sorted(fields, key=str):
            parts += [
                (f"{printable(str(key), 60):<{width}}", "$accent"),
                (printable(_value(fields[key]), 4000), ""),
                "\n",
            ]
    if e is not None and e.samples:
        parts.append(("\nmeasurements\n", "bold"))
        for name, value, scope in e.samples:
            where = f" ({scope})" if scope else ""
            parts.append((f"{name}{where} = {value:g}\n", ""))
    return Content.assemble(*parts)


class LogEntryDetail(ModalScreen[None]):
    """enter on a log line: the entry whole. esc closes, c copies it."""

    DEFAULT_CSS = """
    LogEntryDetail { align: center middle; }
    LogEntryDetail > VerticalScroll {
        width: 95%; max-width: 140; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-color: $text; border-subtitle-color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
        Binding("c", "copy", "Copy entry"),
        Binding("C", "copy", "Copy entry", show=False),
    ]

    class Copy(Message):
        def __init__(self, text: str, what: str) -> None:
            super().__init__()
            self.text = text
            self.what = what

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll()
        scroll.border_title = "Log entry"
        scroll.border_subtitle = "esc close · c copy"
        with scroll:
            yield Static(describe_entry(self.entry), id="entry-detail")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        lines = len(self.entry.lines)
        self.app.post_message(
            self.Copy(self.entry.text(), f"the entry ({lines} line{'s' * (lines > 1)})")
        )
