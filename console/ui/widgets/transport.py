"""Replay transport: play state, speed, the session clock and a seek bar (click to seek)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from console.ui.format import clock, duration


@dataclass(frozen=True)
class TransportView:
    playing: bool
    speed: float
    skip_idle: bool
    clock: float | None
    start: float | None
    end: float | None
    position: int
    total: int
    marks: tuple[float, ...] = ()  # fractions 0..1 of stages/gates/errors on the bar


class Transport(Static):
    DEFAULT_CSS = """
    Transport {
        height: 2;
        padding: 0 1;
        background: $panel;
    }
    """

    class Seek(Message):
        """The user clicked the seek bar at ``fraction`` (0..1) of the session."""

        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: TransportView | None = None

    def on_resize(self) -> None:
        # The seek bar fits the width: drawn again as soon as the layout gives it one.
        if self._view is not None:
            self.show(self._view)

    def show(self, view: TransportView) -> None:
        if view != self._view or self.size.width != getattr(self, "_width", None):
            self._view = view
            self._width = self.size.width
            self.update(self._draw(view))

    def _fraction(self, view: TransportView) -> float:
        if view.clock is None or view.start is None or view.end is None or view.end <= view.start:
            return 0.0 if view.total == 0 else view.position / view.total
        return min(1.0, max(0.0, (view.clock - view.start) / (view.end - view.start)))

    def _draw(self, view: TransportView) -> Content:
        state = ("▶ PLAYING", "$success bold") if view.playing else ("⏸ PAUSED", "$warning bold")
        elapsed = None if view.clock is None or view.start is None else view.clock - view.start
        total = None if view.end is None or view.start is None else view.end - view.start
        head: list[tuple[str, str] | str] = [
            state,
            (f"  {view.speed:g}x", "bold"),
            ("  skip-idle" if view.skip_idle else "", "$accent"),
            ("  ", ""),
            (clock(view.clock), "bold"),
            (f"  {duration(elapsed)} / {duration(total)}", "$text-muted"),
            (f"  event {view.position}/{view.total}", "$text-muted"),
        ]
        width = max(10, self.size.width - 2)
        at = round(self._fraction(view) * (width - 1))
        cells = ["─"] * width
        for mark in view.marks:
            cells[min(width - 1, max(0, round(mark * (width - 1))))] = "┼"
        bar: list[tuple[str, str] | str] = [
            ("━" * at, "$accent"),
            ("●", "$accent bold"),
            ("".join(cells[at + 1 :]), "$text-muted"),
        ]
        return Content.assemble(*head, "\n", *bar)

    def on_click(self, event: events.Click) -> None:
        if event.y == 1:  # the bar row
            width = max(10, self.size.width - 2)
            fraction = min(1.0, max(0.0, (event.x - 1) / max(1, width - 1)))
            self.post_message(self.Seek(fraction))
