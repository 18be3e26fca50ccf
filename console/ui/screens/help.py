"""`?`: every key of the screen underneath, grouped by what an engineer is doing, in words.

Keys are read from the bindings themselves (the app's, the screen's and its widgets'), so a key
added anywhere appears here; TASKS only says which group an action belongs to. Key names are
shown as typed ("?", "/", "shift+←"), never as Textual's names ("question_mark", "slash").
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Action name (without its arguments) -> the task it serves. Unlisted actions go to "Other".
TASKS: dict[str, str] = {
    "verb": "Decide at a gate",
    "follow": "Read the log",
    "cursor": "Read the log",
    "side": "Read the log",
    "toggle_wrap": "Read the log",
    "scroll_home": "Read the log",
    "scroll_end": "Read the log",
    "detail": "Read the log",
    "copy": "Read the log",
    "jump_level": "Find in the log",
    "search": "Find in the log",
    "filter": "Find in the log",
    "cycle_filter": "Find in the log",
    "clear_search": "Find in the log",
    "jump_match": "Find in the log",
    "next_match": "Find in the log",
    "previous_match": "Find in the log",
    "toggle_play": "Replay: play and move",
    "step": "Replay: play and move",
    "seek": "Replay: play and move",
    "seek_to": "Replay: play and move",
    "seek_percent": "Replay: play and move",
    "speed": "Replay: play and move",
    "skip_idle": "Replay: play and move",
    "marker": "Replay: play and move",
    "goto_time": "Replay: play and move",
    "bookmark": "Replay: notes",
    "page_up": "Read the log",
    "page_down": "Read the log",
    "page_left": "Read the log",
    "page_right": "Read the log",
    "help": "Everywhere",
    "focus_next": "Everywhere",
    "focus_previous": "Everywhere",
    "copy_text": "Everywhere",
    "command_palette": "Everywhere",
    "save_svg": "Everywhere",
    "quit": "Everywhere",
}
ORDER = (
    "Decide at a gate",
    "Read the log",
    "Find in the log",
    "Replay: play and move",
    "Replay: notes",
    "Everywhere",
    "Other",
)
# Said better as one row than as one row per key.
FOLDED = {
    "seek_percent": ("0 … 9", "jump to 0 % … 90 % of the session"),
}
# Textual's own descriptions, said for this console; None: not a key to teach.
LABELS: dict[str, str | None] = {
    "command_palette": "Command palette (gate verbs, themes, screenshot, help)",
    "copy_text": "Copy text selected with the mouse",
    "focus_next": "Next pane (log, panels, buttons)",
    "focus_previous": "Previous pane",
    "toggle_wrap": "Wrap long lines (again: cut them, with …)",
    "scroll_home": "Top",
    "scroll_end": "Bottom",
    "help_quit": None,
}


SPELLED = {"enter": "enter", "escape": "esc", "space": "space"}


def key_name(key: str) -> str:
    """``question_mark`` → ``?``, ``shift+left`` → ``shift+←``, ``ctrl+s`` stays."""
    return "+".join(SPELLED.get(part) or format_key(part) for part in key.split("+"))


def _action_name(action: str) -> str:
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def _nodes(screen: Screen[object]) -> Iterable[DOMNode]:
    """The app, the screen and the project's own widgets on it (not Textual's inputs)."""
    yield screen.app
    yield screen
    for node in screen.query("*"):
        if type(node).__module__.startswith("console."):
            yield node


def collect(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(task, keys, what it does) for every binding that can act on ``screen``."""
    rows: dict[tuple[str, str], list[str]] = {}  # (task, description) -> keys
    order: list[tuple[str, str]] = []
    for node in _nodes(screen):
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                name = _action_name(binding.action)
                if not _enabled(node, binding):
                    continue
                task = TASKS.get(name, "Other")
                if name in FOLDED:
                    keys, folded = FOLDED[name]
                    if (task, folded) not in rows:
                        rows[(task, folded)] = [keys]
                        order.append((task, folded))
                    continue
                said = LABELS.get(name, binding.description or name.replace("_", " "))
                if said is None:
                    continue
                label = said
                shown = binding.key_display or key_name(key)
                slot = rows.setdefault((task, label), [])
                if not slot:
                    order.append((task, label))
                if shown not in slot:
                    slot.append(shown)
    out = [(task, " / ".join(rows[(task, label)]), label) for task, label in order]
    return sorted(out, key=lambda r: ORDER.index(r[0]) if r[0] in ORDER else len(ORDER))


def _enabled(node: DOMNode, binding: Binding) -> bool:
    """A binding its node has switched off (replay's gate verbs) does not belong here."""
    try:
        target, name, params = parse_action(binding.action)
    except Exception:  # not ours to judge
        return True
    if target:  # aimed at another node: not this one's to say
        return True
    try:
        return node.check_action(name, params) is not False
    except Exception:  # a check_action that needs its real parameters: assume it applies
        return True


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
        border-subtitle-color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.rows = collect(underneath)

    def compose(self) -> ComposeResult:
        parts: list[tuple[str, str] | str] = [("Keys, by what you are doing\n", "bold $accent")]
        current = None
        width = max(16, *(len(keys) + 2 for _, keys, _ in self.rows))
        for task, keys, label in self.rows:
            if task != current:
                current = task
                parts.append((f"\n{task}\n", "bold"))
            parts += [(f"  {keys:<{width}}", "$accent"), f"{label}\n"]
        scroll = VerticalScroll()
        scroll.border_subtitle = "esc or ? to close"
        with scroll:
            yield Static(Content.assemble(*parts))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
