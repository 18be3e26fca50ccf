"""`?`: every key binding of the screen underneath, grouped, one place to look."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = [
    ("ctrl+p", "command palette (themes, screenshot, help)"),
    ("?", "this help"),
    ("tab / shift+tab", "move focus between the log, panels and buttons"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self._rows = self._collect(underneath)

    @staticmethod
    def _collect(screen: Screen[object]) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            where = type(active.node).__name__
            label = binding.description or binding.action
            if (where, label) in seen:
                continue
            seen.add((where, label))
            rows.append((where, binding.key_display or key, label))
        return rows

    def compose(self) -> ComposeResult:
        parts: list[tuple[str, str] | str] = [("Key bindings\n\n", "bold $accent")]
        current = None
        for where, key, label in sorted(self._rows):
            if where != current:
                current = where
                parts.append((f"{where}\n", "bold"))
            parts += [(f"  {key:<16}", "$accent"), f"{label}\n"]
        parts.append(("\nEverywhere\n", "bold"))
        for key, label in GENERAL:
            parts += [(f"  {key:<16}", "$accent"), f"{label}\n"]
        with VerticalScroll():
            yield Static(Content.assemble(*parts))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
