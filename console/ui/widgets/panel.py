"""Base of the dashboard panels: a Static that renders State, only when what it shows changed."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.content import Content
from textual.widgets import Static

from console.state import State, metric_key
from console.timefmt import age, clock
from console.ui.widgets.row_frame import RowFrameCache

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
    """Subclasses declare the State slices they read (``READS``) and implement ``draw``;
    the panel redraws when a revision of one of them changed, or its width did."""

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
    READS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Any = object()
        self._height: int | None = None
        self._state: State | None = None
        self._drawn: tuple[Content, int] | None = None  # what update() was last given
        self._styles_cache = RowFrameCache()  # frames its rows once per repaint, not per row
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
            # A revision moves on every sample, but what a panel shows is rounded: the same
            # text in the same width is not sent again (a repaint of it costs ~0.5 ms a line).
            if (
                self._drawn is not None
                and self._drawn[1] == width
                and content.is_same(self._drawn[0])
            ):
                return
            self._drawn = (content, width)
            height = content.get_height(self.styles, width) if width > 0 else None  # type: ignore[arg-type]
            # Re-layout the screen only when the panel's height changes; a new figure in the
            # same lines is a repaint of this panel alone.
            self.update(content, layout=height is None or height != self._height)
            self._height = height

    def key(self, state: State) -> Any:
        return (state.revisions(self.READS), self.size.width, self.local())

    def local(self) -> Any:
        """What the panel shows besides State (badges, the session id): none by default."""
        return None

    def draw(self, state: State) -> Content:
        raise NotImplementedError


# Parts of one observation arrive together (one log block, one scrape, one batch), or a few
# seconds apart from two sources: within one sample interval (the simulator's and a typical
# scrape's, 10 s) is still one instant.
SAME_INSTANT_S = 10.0
# A panel whose newest figure is this much older than the session's clock says when it is of.
PANEL_STALE_S = 30.0

Part = tuple[str, str] | str


class Reading:
    """The figures one panel shows, and when each was observed (``State.observed``). The
    panel's instant is the newest of them: figures of that instant are shown as current, and
    older ones apart, under their age ("1m earlier: p99 780ms"), never judged as current or
    combined with the fresh ones."""

    def __init__(self, state: State, *keys: tuple[str, str]) -> None:
        self.state = state
        self.at = {key: state.observed.get(metric_key(*key)) for key in keys}
        times = [t for t in self.at.values() if t is not None]
        self.instant = max(times) if times else None
        self.old: list[tuple[float, list[Part]]] = []

    def value(self, name: str, scope: str = "") -> float | None:
        return self.state.metric(name, scope)

    def age(self, name: str, scope: str = "") -> float | None:
        """Seconds a figure is older than the panel's instant, if it is stale."""
        at = self.at.get((name, scope))
        if at is None or self.instant is None or self.instant - at <= SAME_INSTANT_S:
            return None
        return self.instant - at

    def stale(self, name: str, scope: str, parts: list[Part]) -> bool:
        """Whether the figure is stale; if it is, ``parts`` (how it reads) go to the
        'earlier' lines instead of the current ones."""
        seconds = self.age(name, scope) if self.value(name, scope) is not None else None
        if seconds is None:
            return False
        self.old.append((seconds, parts))
        return True

    def as_of(self) -> list[Part]:
        """'as of 09:50:05 (2m ago)' on a line of its own when the panel's newest figure is
        well behind the session's clock, else nothing."""
        now, instant = self.state.clock, self.instant
        if instant is None or now is None or now - instant <= PANEL_STALE_S:
            return []
        return [
            ("as of ", "$text-muted"),
            (clock(instant), "$text-muted bold"),
            (f" ({age(now - instant)} ago)", "$text-muted"),
            "\n",
        ]

    def earlier(self) -> list[Part]:
        """The stale figures, a line per age (newest first): ``1m earlier: p99 780ms``."""
        groups: dict[str, list[Part]] = {}
        for seconds, parts in sorted(self.old, key=lambda x: x[0]):
            group = groups.setdefault(age(seconds), [])
            if group:
                group.append(("  ", ""))
            group.extend(parts)
        out: list[Part] = []
        for when, parts in groups.items():
            out += ["\n", (f"{when} earlier: ", "$text-muted italic"), *parts]
        return out


def verdict(ok: bool | None) -> tuple[str, str]:
    """A symbol and a theme style: state is never told by colour alone."""
    if ok is None:
        return UNKNOWN, "$text-muted"
    return (OK, "$success") if ok else (BAD, "$error bold")
