"""The agent's log: a line-based view over a bounded window of entries.

Built on the Line API (like Textual's ``Log`` and Toolong) so a flood of lines costs a few
repaints, not a widget per line. Text is data: every line goes through ``shown`` (redacted,
then printable) and is drawn as plain segments, so Rich markup or escape sequences in a log
line are shown literally and never reach the terminal. The window is bounded; older lines
live in the store.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console import events as ev
from console.ui.format import clock
from console.ui.literal import shown

MAX_ENTRIES = 5000
SCROLLBACK_ENTRIES = 20_000  # the window may grow to this while someone reads back in time
OLDER_BATCH = 500
MAX_LINE = 1000  # characters drawn of one line; the store keeps it whole

# Level → component class, so colours come from the theme, and a word always goes with them.
LEVEL_CLASS = {
    "ERROR": "log--error",
    "FAILURE": "log--error",
    "CRITICAL": "log--error",
    "FATAL": "log--error",
    "WARNING": "log--warning",
    "WARN": "log--warning",
    "SUCCESS": "log--success",
    "ACTION": "log--action",
    "TOOL": "log--action",
    "THOUGHT": "log--dim",
    "PLANNING": "log--dim",
    "DEBUG": "log--dim",
}
FILTERS = ("all", "warning", "error")
_RANK = {"warning": 1, "error": 2}


def level_rank(level: str) -> int:
    level = level.upper()
    if level in ev.ERROR_LEVELS:
        return 2
    if level in ev.WARNING_LEVELS:
        return 1
    return 0


@dataclass(slots=True)
class Entry:
    seq: int
    ts: float
    level: str
    lines: tuple[str, ...]  # already printable


class LogView(ScrollView, can_focus=True):
    """Follows new lines until the user scrolls up; ``f`` follows again."""

    COMPONENT_CLASSES = {
        "log--error",
        "log--warning",
        "log--success",
        "log--action",
        "log--dim",
        "log--match",
        "log--time",
    }
    DEFAULT_CSS = """
    LogView {
        background: $surface;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $warning;
        overflow-x: hidden;
        & > .log--error { color: $error; text-style: bold; }
        & > .log--warning { color: $warning; }
        & > .log--success { color: $success; }
        & > .log--action { color: $accent; }
        & > .log--dim { color: $text-muted; }
        & > .log--match { background: $warning 40%; }
        & > .log--time { color: $text-muted; }
        &:focus { border: round $primary; }
    }
    """
    BINDINGS = [
        Binding("f", "follow", "Follow"),
        Binding("e", "cycle_filter", "Level"),
        Binding("n", "next_match", "Next hit", show=False),
        Binding("N", "previous_match", "Prev hit", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    follow: reactive[bool] = reactive(True)
    level_filter: reactive[str] = reactive("all")
    search_text: reactive[str] = reactive("")
    # What the search found, when a screen searched more than this view holds (replay: the
    # whole session, "hit 2/5 in session"). Without it the count is of the lines in view.
    search_summary: reactive[str | None] = reactive(None)

    class JumpMatch(Message):
        """n / N: the screen decides what a hit is (the window here, or the whole store)."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class NeedOlder(Message):
        """The reader reached the top of the window: older lines come back from the store."""

        def __init__(self, before_seq: int) -> None:
            super().__init__()
            self.before_seq = before_seq

    class FollowChanged(Message):
        def __init__(self, follow: bool) -> None:
            super().__init__()
            self.follow = follow

    def __init__(self, *, max_entries: int = MAX_ENTRIES, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: deque[Entry] = deque(maxlen=max_entries)
        self._visible: list[tuple[Entry, int]] = []  # (entry, line index within it)
        self._unseen = 0
        self._max_entries = max_entries
        self._asked_before: int | None = None  # the seq we last asked the store to go back from
        self._match_rows: list[int] = []
        self._match_pos = -1
        self.border_title = "Agent log"

    # --- feeding ----------------------------------------------------------------------

    def append(self, seq: int, event: ev.LogLine) -> None:
        self.extend([(seq, event)])

    def extend(self, items: list[tuple[int, ev.LogLine]]) -> None:
        """Add entries in one go (one repaint for a batch). Entries leaving the bounded window
        take only their own rows with them: O(batch), not O(window), per tick."""
        if not items:
            return
        window = self._entries.maxlen or len(self._entries) + len(items)
        items = items[-window:]  # a burst bigger than the window: only its tail can show
        dropped = max(0, len(self._entries) + len(items) - window)
        rows = sum(
            len(entry.lines)
            for entry in itertools.islice(self._entries, dropped)
            if self._passes(entry)
        )
        start = len(self._visible)
        for seq, e in items:
            entry = self._entry(seq, e)
            self._entries.append(entry)
            self._add_visible(entry)
        self._unseen += len(self._visible) - start
        if rows:
            del self._visible[:rows]
        if dropped and self.search_text:
            self._refresh_matches()
        self._after_change()

    def prepend(self, items: list[tuple[int, ev.LogLine]]) -> None:
        """Older lines from the store, above what is shown; the view stays where it was."""
        if not items:
            return
        first = self._entries[0].seq if self._entries else None
        items = [(s, e) for s, e in items if first is None or s < first]
        room = SCROLLBACK_ENTRIES - len(self._entries)
        items = items[-room:] if room > 0 else []
        if not items:
            return
        grown: deque[Entry] = deque(maxlen=max(self._max_entries, len(self._entries) + len(items)))
        grown.extend(self._entry(seq, e) for seq, e in items)
        rows_before = len(self._visible)
        grown.extend(self._entries)
        self._entries = grown
        self._rebuild()
        added = len(self._visible) - rows_before
        self._after_change()
        self.scroll_to(y=self.scroll_y + added, animate=False, immediate=True)

    def _shrink_to_window(self) -> None:
        """Back to following: the window returns to its normal size (oldest lines go)."""
        if len(self._entries) > self._max_entries or self._entries.maxlen != self._max_entries:
            self._entries = deque(
                list(self._entries)[-self._max_entries :], maxlen=self._max_entries
            )
            self._rebuild()
            self._asked_before = None

    def reset(self, items: list[tuple[int, ev.LogLine]]) -> None:
        """Replace the window (replay after a seek)."""
        self._entries.clear()
        for seq, e in items:
            self._entries.append(self._entry(seq, e))
        self._rebuild()
        self.follow = True
        self._after_change()

    @staticmethod
    def _entry(seq: int, e: ev.LogLine) -> Entry:
        level = e.level.upper()[:12]
        head = f"{clock(e.ts)} {level:<12} {shown(e.message, MAX_LINE)}"
        detail = tuple("  " + shown(d, MAX_LINE) for d in e.detail[:200])
        if len(e.detail) > 200:
            detail += (f"  … {len(e.detail) - 200} more lines in the store",)
        return Entry(seq, e.ts, level, (head, *detail))

    def _passes(self, entry: Entry) -> bool:
        want = _RANK.get(self.level_filter, 0)
        return want == 0 or level_rank(entry.level) >= want

    def _add_visible(self, entry: Entry) -> None:
        if self._passes(entry):
            self._visible.extend((entry, i) for i in range(len(entry.lines)))

    def _rebuild(self) -> None:
        self._visible = []
        for entry in self._entries:
            self._add_visible(entry)
        self._refresh_matches()

    def _after_change(self) -> None:
        # No horizontal scrolling: long lines are cut at the panel's edge (the store has them).
        size = Size(self.scrollable_content_region.width, len(self._visible))
        old = self.virtual_size
        viewport = self.scrollable_content_region.height
        if size != old:
            if (
                size.width == old.width
                and self.show_vertical_scrollbar
                and min(size.height, old.height) > viewport
            ):
                # Only the scrollbar changes: update it in place (as Textual's own
                # _size_updated(layout=False) does) instead of laying out the whole screen.
                self.set_reactive(LogView.virtual_size, size)
                self._scroll_update(size)
            else:
                self.virtual_size = size
        if self.follow:
            self._unseen = 0
            # Scroll in this frame: scrolling after the refresh sends the whole region twice.
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
            if self.scroll_y < self.max_scroll_y:  # not scrollable until the next layout
                self.call_after_refresh(self._scroll_to_end)
        self._update_subtitle()
        self.refresh()

    def _update_subtitle(self) -> None:
        parts = []
        if self.level_filter != "all":
            parts.append(f"{self.level_filter}+ only")
        if self.search_text:
            found = self.search_summary or f"{len(self._match_rows)} in view"
            parts.append(f"/{shown(self.search_text, 30)}: {found}")
        if not self.follow:
            parts.append(f"PAUSED · {self._unseen} new · f to follow")
        # Content, not a str: a title string is markup, and the search text is the user's.
        self.border_subtitle = Content(" · ".join(parts))

    # --- behaviour ----------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._visible)

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def visible_text(self) -> list[str]:
        return [e.lines[i] for e, i in self._visible]

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        at_bottom = new >= self.max_scroll_y
        if new < old and not at_bottom and self.follow:
            self.follow = False
        elif at_bottom and not self.follow:
            self.follow = True
        if new <= 0 and new < old and self._entries:
            first = self._entries[0].seq
            if first > 1 and self._asked_before != first:
                self._asked_before = first
                self.post_message(self.NeedOlder(first))

    def watch_follow(self, follow: bool) -> None:
        if follow:
            self._unseen = 0
            self._shrink_to_window()
        self._update_subtitle()
        self.post_message(self.FollowChanged(follow))

    def watch_level_filter(self) -> None:
        self._rebuild()
        self._after_change()

    def watch_search_text(self) -> None:
        self._refresh_matches()
        self._update_subtitle()
        self.refresh()

    def watch_search_summary(self) -> None:
        self._update_subtitle()

    def _refresh_matches(self) -> None:
        q = self.search_text.lower()
        self._match_rows = (
            [row for row, (e, i) in enumerate(self._visible) if q in e.lines[i].lower()]
            if q
            else []
        )
        self._match_pos = -1

    def _scroll_to_end(self) -> None:
        if self.follow:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._after_change()

    def action_follow(self) -> None:
        self.follow = True
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def action_cycle_filter(self) -> None:
        self.level_filter = FILTERS[(FILTERS.index(self.level_filter) + 1) % len(FILTERS)]

    def action_next_match(self) -> None:
        self.post_message(self.JumpMatch(+1))

    def action_previous_match(self) -> None:
        self.post_message(self.JumpMatch(-1))

    def jump(self, step: int) -> None:
        """Scroll to the next (step 1) or previous (-1) line matching ``query``."""
        if not self._match_rows:
            return
        self._match_pos = (self._match_pos + step) % len(self._match_rows)
        self.follow = False
        row = self._match_rows[self._match_pos]
        self.scroll_to(y=max(0, row - self.size.height // 2), animate=False)
        self.refresh()

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.size.width
        if row >= len(self._visible):
            return Strip.blank(width, self.rich_style)
        entry, i = self._visible[row]
        text = entry.lines[i]
        base = self.rich_style
        klass = LEVEL_CLASS.get(entry.level)
        if i > 0:
            style = base + self.get_component_rich_style("log--dim") if klass is None else base
            if klass == "log--error" or klass == "log--warning":
                style = base + self.get_component_rich_style(klass)
        else:
            style = base + self.get_component_rich_style(klass) if klass else base
        if self.search_text and self._match_rows and self.search_text.lower() in text.lower():
            style = style + self.get_component_rich_style("log--match")
        segments: list[Segment] = []
        if i == 0:
            time_style: Style = base + self.get_component_rich_style("log--time")
            segments.append(Segment(text[:9], time_style))
            segments.append(Segment(text[9:], style))
        else:
            segments.append(Segment(text, style))
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base)
