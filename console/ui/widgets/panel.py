"""Base of the dashboard panels: a Static that renders State, only when what it shows changed."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from console.state import State

OK = "✓"
BAD = "✗"
UNKNOWN = "?"
# How a stage's mark (state.STAGE_MARKS) is styled, in the stage bar and the timeline.
STAGE_STYLES = {
    "current": "$accent bold reverse",
    "passed": "$success",
    "failed": "$error bold",
    "rolled_back": "$warning bold",
}


class Panel(Static):
    """Subclasses implement ``key`` (what the panel depends on) and ``draw``."""

    DEFAULT_CSS = """
    Panel {
        height: auto;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
        border-title-color: $text-muted;
        border-title-style: bold;
    }
    """
    TITLE = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Any = object()
        self._height: int | None = None
        self._state: State | None = None
        self.border_title = self.TITLE

    def on_resize(self) -> None:
        # Drawn before the layout gave it its width (bars and sparklines fit the width):
        # drawn again now, not at the next tick, which a screenshot may come before.
        if self._state is not None:
            self.show(self._state)

    def show(self, state: State) -> None:
        self._state = state
        key = self.key(state)
        if key != self._key:
            self._key = key
            content = self.draw(state)
            width = self.content_region.width
            height = content.get_height(self.styles, width) if width > 0 else None  # type: ignore[arg-type]
            # Re-layout the screen only when the panel's height changes; a new figure in the
            # same lines is a repaint of this panel alone.
            self.update(content, layout=height is None or height != self._height)
            self._height = height

    def key(self, state: State) -> Any:
        raise NotImplementedError

    def draw(self, state: State) -> Content:
        raise NotImplementedError


def verdict(ok: bool | None) -> tuple[str, str]:
    """A symbol and a theme style: state is never told by colour alone."""
    if ok is None:
        return UNKNOWN, "$text-muted"
    return (OK, "$success") if ok else (BAD, "$error bold")
