"""The agent's log: a line-based view over a bounded window of entries.

Built on the Line API (like Textual's ``Log`` and Toolong) so a flood of lines costs a few
repaints, not a widget per line. Text is data: every line goes through ``shown`` (redacted,
then printable) and is drawn as plain segments, so Rich markup or escape sequences in a log
line are shown literally and never reach the terminal. The window is bounded; older lines
live in the store.

Reading long lines: ``z`` wraps them, ←/→ (or ``{``/``}``) scroll sideways, a cut line ends in
"…". A cursor (↑/↓, a click, ``e``/``E`` errors and ``w``/``W`` warnings as in lnav) picks one
entry: ``enter`` opens it whole, ``c`` copies its line and ``C`` the entry. Identical entries in
a row are drawn once with a count ("pool exhausted ×5"). ``text_filter`` hides the entries
without the text (``search_text`` only marks them).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable
from math import ceil

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from console import events as ev
from console.ui.format import clock, month_day, year_of
from console.ui.literal import shown
from console.ui.widgets.row_frame import RowFrameCache

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
SIDE_STEP = 8  # columns per ←/→
WRAP_INDENT = 9  # a wrapped line's later rows start under its message, clear of the time
# (9: "09:51:00 "; once the view shows dates, six more: "12-19 09:51:00 ")
_RANK = {"warning": 1, "error": 2}


_LEVEL_RANK = {**dict.fromkeys(ev.WARNING_LEVELS, 1), **dict.fromkeys(ev.ERROR_LEVELS, 2)}


def level_rank(level: str) -> int:
    level = level.upper()
    if level in ev.ERROR_LEVELS:
        return 2
    if level in ev.WARNING_LEVELS:
        return 1
    return 0


MAX_DETAIL = 200  # continuation lines drawn of one entry; the store keeps them all


def pretty_record(event: ev.LogLine) -> bool:
    """Is the entry's detail the rest of its own JSON record, printed over lines (an export's
    pretty-printed records: GCP's, kubectl's; a CloudWatch event whose message was read as its
    program's line)? Its fields and message say all of it: the view draws its head alone, as
    a JSON line's (enter opens the entry in full). Under a text entry, a JSON body it dumped
    opens with its brace and stays drawn."""
    detail = event.detail
    if not detail:
        return False
    first = detail[0].lstrip(" \t")[:1]
    if event.fmt == "json":
        return first == '"' or first == "}" or first == "{" or first == "["
    if detail[-1].strip(" \t,]") != "}":
        return False
    if first == '"':
        return True  # the record's keys, its closing brace last
    # An export's first record: its opening brace too (the batch's "[" is the line it stands
    # for). A dumped body can open the same way; the record's own holds its message as its
    # "message" key's value (a body repeating the entry's words under another key is drawn).
    message = event.message
    return (
        first == "{"
        and len(detail) > 1
        and detail[1].lstrip(" \t")[:1] == '"'
        and len(message) > 3
        and any(
            line.lstrip(" \t").startswith('"message":') and message in line
            for line in detail[:_RECORD_KEYS]
        )
    )


_RECORD_KEYS = 40  # the lines of a record's keys looked through for its message


# The level column is as wide as the widest level the view has shown: a service's
# INFO/ERROR leave the message five more columns at 80x24 than the agent's OBSERVATION.
LEVEL_WIDTH_MIN = 5
LEVEL_WIDTH_MAX = 12


class LevelColumn:
    """The time and level columns, shared by a view's entries: the level's width, and
    whether times carry their date (once the entries span two days: a night's log read the
    next morning, a multi-day file imported, where a time alone would run backwards), and
    their year once they span two (an archive, files of two years imported together, where
    the month and day would run backwards). ``version`` moves when any changes, and each
    entry makes its lines again when it sees that."""

    __slots__ = ("dated", "day", "last_day", "version", "width", "year", "yeared")

    def __init__(self) -> None:
        self.width = LEVEL_WIDTH_MIN
        self.version = 0
        self.day = -1  # the first entry's day (UTC)
        self.last_day = -1  # the last entry's, the year looked at only when it changes
        self.year = 0  # the first entry's year
        self.dated = False
        self.yeared = False

    def fit(self, level: str, ts: float) -> None:
        if len(level) > self.width:
            self.width = len(level)
            self.version += 1
        if self.yeared:
            return
        day = int(ts // 86400) if math.isfinite(ts) else self.day
        if day == self.last_day:
            return
        self.last_day = day
        if self.day < 0:
            self.day = day
            self.year = year_of(ts)
            return
        if day != self.day and not self.dated:
            self.dated = True
            self.version += 1
        if self.dated and year_of(ts) not in (self.year, 0):
            self.yeared = True
            self.version += 1

    @property
    def time_width(self) -> int:
        """The cells of a head's time and the space after it."""
        return WRAP_INDENT + (11 if self.yeared else 6 if self.dated else 0)

    def stamp(self, ts: float) -> str:
        """An entry's time as this column shows it: ``09:51:00``, ``12-19 09:51:00``, or
        ``2019-12-19 09:51:00``."""
        if self.yeared:
            year = year_of(ts)
            date = f"{year:04d}-{month_day(ts)}" if year else "----------"
            return f"{date} {clock(ts)}"
        return f"{month_day(ts)} {clock(ts)}" if self.dated else clock(ts)


_LEVELS: dict[str, tuple[str, int]] = {}  # a level as logged: as shown, and its rank


def _level(logged: str) -> tuple[str, int]:
    level = logged.upper()[:LEVEL_WIDTH_MAX]
    # No level word in the line (a plain line, a banner): nothing in the column, as lnav
    # shows it, not a word the log never wrote.
    known = ("" if level == "UNKNOWN" else level, _LEVEL_RANK.get(level, 0))
    if len(_LEVELS) < 1000:  # levels come from outside: the memo stays small
        _LEVELS[logged] = known
    return known


class Entry:
    """One log entry in the window. Its text (redacted, printable, with its time) is made
    when it is first needed, usually when it is drawn, and kept: a flood of lines costs the
    rows on screen, not every line that passes through the window."""

    __slots__ = (
        "_drawn_at",
        "_lines",
        "column",
        "count",
        "event",
        "last_ts",
        "level",
        "rank",
        "rows",
        "seq",
        "ts",
        "width",
    )

    def __init__(self, seq: int, event: ev.LogLine, column: LevelColumn | None = None) -> None:
        self.seq = seq
        self.ts = self.last_ts = event.ts
        # 2 error, 1 warning, 0 the rest (the filter's); a log has a handful of level words.
        known = _LEVELS.get(event.level)
        if known is None:
            known = _level(event.level)
        self.level, self.rank = known
        if column is None:
            column = LevelColumn()
        column.fit(self.level, event.ts)
        self.column = column
        self._drawn_at = column.version  # the column's version its lines were made for
        self.event = event
        self.count = 1  # identical entries in a row, drawn once
        n = len(event.detail)
        # Its lines, known without its text: the head, the detail, "… N more" past the cut.
        self.rows = 1 if pretty_record(event) else 1 + n if n <= MAX_DETAIL else MAX_DETAIL + 2
        self.width = -1  # the widest line's length, once measured
        self._lines: tuple[str, ...] | None = None

    @property
    def head(self) -> str:
        """The first line without the count."""
        e = self.event
        column = self.column
        return f"{column.stamp(e.ts)} {self.level:<{column.width}} {shown(e.message, MAX_LINE)}"

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line as drawn, already printable; the head carries " ×N" when repeated."""
        lines = self._lines
        if lines is None or self._drawn_at != self.column.version:
            self._drawn_at = self.column.version
            self.width = -1
            e = self.event
            detail: tuple[str, ...] = ()  # a pretty-printed record's: its fields say it
            if not pretty_record(e):
                detail = tuple("  " + shown(d, MAX_LINE) for d in e.detail[:MAX_DETAIL])
                if len(e.detail) > MAX_DETAIL:
                    detail += (f"  … {len(e.detail) - MAX_DETAIL} more lines in the store",)
            head = self.head
            if self.count > 1:
                head = f"{head} ×{self.count}"
            lines = self._lines = (head, *detail)
        return lines

    def measure(self) -> int:
        lines = self.lines  # made again (width unknown) if the level column widened
        if self.width < 0:
            self.width = max(len(line) for line in lines)
        return self.width

    def same(self, other: Entry) -> bool:
        """Another entry saying the same thing (its time aside): it joins this one's count."""
        a, b = self.event, other.event
        return (
            a.message == b.message
            and a.level == b.level
            and a.detail == b.detail
            and a.source == b.source
        )

    def repeat(self, other: Entry) -> None:
        self.count += 1
        self.last_ts = other.ts
        self._lines = None  # the head's count changed
        self.width = -1

    def text(self) -> str:
        """The whole entry as copied: every line, the count, no styling."""
        return "\n".join(self.lines)


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
        "log--cursor",
        "log--more",
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
        & > .log--cursor { background: $accent 35%; }
        & > .log--more { color: $warning; text-style: bold; }
        &:focus { border: round $primary; }
    }
    """
    BINDINGS = [
        Binding("f", "follow", "Follow new lines", show=False),
        Binding("l", "cycle_filter", "Level filter: all, warning+, error+", show=False),
        Binding("z", "toggle_wrap", "Wrap", tooltip="Wrap long lines (again: cut them)"),
        Binding("enter", "detail", "Open the entry in full (lines, JSON fields)", show=False),
        Binding("c", "copy(False)", "Copy line", show=False),
        Binding("C", "copy(True)", "Copy entry", show=False),
        Binding("e", "jump_level('error', 1)", "Next error", show=False),
        Binding("E", "jump_level('error', -1)", "Prev error", show=False),
        Binding("w", "jump_level('warning', 1)", "Next warning", show=False),
        Binding("W", "jump_level('warning', -1)", "Prev warning", show=False),
        Binding("up", "cursor(-1)", "Line up", show=False),
        Binding("down", "cursor(1)", "Line down", show=False),
        Binding("left", "side(-1)", "Scroll left", show=False),
        Binding("right", "side(1)", "Scroll right", show=False),
        Binding("left_curly_bracket", "side(-1, True)", "Scroll left", show=False),
        Binding("right_curly_bracket", "side(1, True)", "Scroll right", show=False),
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
    text_filter: reactive[str] = reactive("")  # only entries containing this are shown
    wrap: reactive[bool] = reactive(False)

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

    class OpenDetail(Message):
        """enter: the screen shows the whole entry."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class CopyText(Message):
        """c / C: the screen puts the text on the clipboard."""

        def __init__(self, text: str, what: str) -> None:
            super().__init__()
            self.text = text
            self.what = what

    class FollowChanged(Message):
        def __init__(self, follow: bool) -> None:
            super().__init__()
            self.follow = follow

    def __init__(
        self, *, max_entries: int = MAX_ENTRIES, id: str | None = None, arrows_scroll: bool = True
    ) -> None:
        """``arrows_scroll``: ←/→ scroll the log sideways (replay leaves them to seeking, and
        ``{``/``}`` scroll)."""
        super().__init__(id=id)
        self.arrows_scroll = arrows_scroll
        self._cursor: int | None = None  # index into _visible: the entry enter/c/C act on
        self._rows: list[tuple[int, int, int]] | None = None  # wrapped: (line, start, end)
        self._entries: deque[Entry] = deque(maxlen=max_entries)
        self._column = LevelColumn()
        self._visible: list[tuple[Entry, int]] = []  # (entry, line index within it)
        self._unseen = 0
        self._max_entries = max_entries
        self._asked_before: int | None = None  # the seq we last asked the store to go back from
        self._match_rows: list[int] = []
        self._match_pos = -1
        self._palette: dict[str | None, Style] | None = None  # while a pass draws rows
        self._frame: tuple[int, int, int] | None = None  # scroll x, y and width, ditto
        self._styles: dict[str | None, Style] | None = None  # see _styles_now
        self._styles_key: tuple[object, ...] = ()
        self._bar_drawn: tuple[int, ...] | None = None  # see _after_change
        self._styles_cache = RowFrameCache()  # frames its rows once per repaint, not per row
        self.border_title = "Agent log"
        self._titled = False  # named after the first entry's log (see _name_the_log)
        self._logs: list[str] = []  # the files its entries came from, in order (ditto)
        self._sources_seen: set[str] = set()

    # --- feeding ----------------------------------------------------------------------

    def _name_the_log(self, first: ev.LogLine) -> None:
        """The panel's title from the first entry: an agent's runtime log is the "Agent log";
        a service's log imported or tailed is named by its file ("Log · access.log"), so an
        on-call engineer replaying nginx's lines is not told they are an agent's."""
        self._titled = True
        if first.fmt != "agent":
            name = first.source[4:] if first.source.startswith("log:") else ""
            self.border_title = f"Log · {name}" if name else "Log"

    def _title_from(self, items: list[tuple[int, ev.LogLine]]) -> None:
        if not self._titled:
            self._name_the_log(items[0][1])
        sources = {e.source for _, e in items}
        if not sources <= self._sources_seen:
            self._more_logs(items[0][1].source, sources - self._sources_seen)
            self._sources_seen |= sources

    def _more_logs(self, first: str, sources: set[str]) -> None:
        """Files imported together interleave in one panel: the title counts them and names
        the first ("Log · 2 files (access.log, …)"), the count first so that a narrow panel
        keeps it, not the first file's name alone."""
        for source in (first, *sorted(sources)):
            if source.startswith("log:") and source[4:] not in self._logs:
                self._logs.append(source[4:])
        if len(self._logs) > 1:
            self.border_title = f"Log · {len(self._logs)} files ({self._logs[0]}, …)"

    def append(self, seq: int, event: ev.LogLine) -> None:
        self.extend([(seq, event)])

    def extend(self, items: list[tuple[int, ev.LogLine]]) -> None:
        """Add entries in one go (one repaint for a batch). Entries leaving the bounded window
        take only their own rows with them: O(batch), not O(window), per tick."""
        if not items:
            return
        self._title_from(items)
        window = self._entries.maxlen or len(self._entries) + len(items)
        items = items[-window:]  # a burst bigger than the window: only its tail can show
        fresh: list[Entry] = []
        repeated = False
        for seq, e in items:
            entry = self._entry(seq, e)
            last = fresh[-1] if fresh else (self._entries[-1] if self._entries else None)
            if last is not None and last.same(entry):
                last.repeat(entry)
                repeated = True
            else:
                fresh.append(entry)
        dropped = max(0, len(self._entries) + len(fresh) - window)
        passes = self._passing()
        leaving = itertools.islice(self._entries, dropped)
        rows = sum(e.rows for e in leaving if passes is None or passes(e))
        start = len(self._visible)
        self._entries.extend(fresh)
        self._add_visible(fresh, passes)
        if repeated and self.text_filter:  # the count is text a filter may now match
            self._rebuild()
            rows = 0
        self._unseen += len(self._visible) - start
        if rows:
            rows = min(rows, len(self._visible))
            del self._visible[:rows]
            if self._cursor is not None:
                self._cursor = self._cursor - rows if self._cursor >= rows else None
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
        for seq, e in items:
            entry = self._entry(seq, e)
            if grown and grown[-1].same(entry):
                grown[-1].repeat(entry)
            else:
                grown.append(entry)
        rows_before = len(self._visible)
        grown.extend(self._entries)
        self._entries = grown
        self._rebuild()
        added = len(self._visible) - rows_before
        if self._cursor is not None:
            self._cursor += added
        self._after_change()
        added_rows = self._display_row(added) if added < len(self._visible) else added
        self.scroll_to(y=self.scroll_y + added_rows, animate=False, immediate=True, force=True)

    def _shrink_to_window(self) -> None:
        """Back to following: the window returns to its normal size (oldest lines go)."""
        if len(self._entries) > self._max_entries or self._entries.maxlen != self._max_entries:
            self._entries = deque(
                list(self._entries)[-self._max_entries :], maxlen=self._max_entries
            )
            self._rebuild()
            self._asked_before = None

    def reset(self, items: list[tuple[int, ev.LogLine]]) -> None:
        """Replace the window (replay after a seek): it ends at the playhead, shown."""
        if items:
            self._title_from(items)
        self._entries.clear()
        for seq, e in items:
            entry = self._entry(seq, e)
            if self._entries and self._entries[-1].same(entry):
                self._entries[-1].repeat(entry)
            else:
                self._entries.append(entry)
        self._cursor = None
        self._rebuild()
        self.follow = True
        self._after_change()

    def _entry(self, seq: int, e: ev.LogLine) -> Entry:
        return Entry(seq, e, self._column)

    def _passing(self) -> Callable[[Entry], bool] | None:
        """The filters as one test, or None when every entry is shown. Read once per batch:
        a reactive costs a lookup, and a tick brings thousands of entries."""
        want = _RANK.get(self.level_filter, 0)
        q = self.text_filter.lower()
        if not want and not q:
            return None

        def passes(entry: Entry) -> bool:
            if entry.rank < want:
                return False
            return not q or any(q in line.lower() for line in entry.lines)

        return passes

    def _add_visible(
        self, entries: Iterable[Entry], passes: Callable[[Entry], bool] | None
    ) -> None:
        visible = self._visible
        append = visible.append
        if passes is not None and not self.text_filter:
            # The level alone (the key press's filter): compared inline, not called per entry.
            want = _RANK.get(self.level_filter, 0)
            entries, passes = [e for e in entries if e.rank >= want], None
        for entry in entries if passes is None else filter(passes, entries):
            rows = entry.rows
            if rows == 1:
                append((entry, 0))
            else:
                visible.extend([(entry, i) for i in range(rows)])

    def _rebuild(self) -> None:
        chosen = self._visible[self._cursor][0] if self._cursor is not None else None
        self._visible = []
        self._add_visible(self._entries, self._passing())
        self._cursor = None
        if chosen is not None:  # the cursor stays on its entry if it is still shown
            for row, (entry, i) in enumerate(self._visible):
                if entry is chosen and i == 0:
                    self._cursor = row
                    break
        self._refresh_matches()

    # --- rows: one per line, or several per line when wrapped -------------------------------

    def _wrap_rows(self) -> list[tuple[int, int, int]]:
        """(visible index, start, end) per screen row: lines broken at a space where one is
        near the edge, else at the edge; later rows indented under the message."""
        indent = self._column.time_width
        width = max(indent + 10, self.scrollable_content_region.width)
        rows: list[tuple[int, int, int]] = []
        for index, (entry, i) in enumerate(self._visible):
            text = entry.lines[i]
            start, room = 0, width
            while True:
                end = start + room
                if end >= len(text):
                    rows.append((index, start, len(text)))
                    break
                space = text.rfind(" ", start + room // 2, end + 1)
                if space > start:
                    end = space
                rows.append((index, start, end))
                start = end + 1 if space > start else end
                room = width - (indent if i == 0 else 4)
        return rows

    def _row_count(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._visible)

    def _display_row(self, index: int) -> int:
        """The first screen row of visible line ``index``."""
        if self._rows is None:
            return index
        return bisect_right(self._rows, (index, -1, -1))

    def _line_at(self, row: int) -> int | None:
        """The visible line drawn on screen row ``row`` (counted from the top of the log)."""
        if row < 0:
            return None
        if self._rows is None:
            return row if row < len(self._visible) else None
        return self._rows[row][0] if row < len(self._rows) else None

    def _after_change(self) -> None:
        # The scrollbar's thumb is compared before and after the whole change: a new row count
        # moves it (the position still the old bottom's) and following brings it back, which
        # compared step by step repainted the bar twice a tick for a thumb that never moved.
        bar = self._vertical_scrollbar if self.show_vertical_scrollbar else None
        self._bar_drawn = _thumb(bar) if bar is not None else None
        try:
            self._change_rows()
        finally:
            drawn, self._bar_drawn = self._bar_drawn, None
        if bar is not None and drawn is not None and _thumb(bar) != drawn:
            bar.refresh()
        self._update_subtitle()
        self.refresh()

    def _change_rows(self) -> None:
        self._rows = self._wrap_rows() if self.wrap else None
        # Wrapped, nothing is wider than the panel; else, once the reader scrolls sideways,
        # as wide as the widest line shown. Measuring a line costs its text (made when it is
        # first drawn), and at the left edge nothing depends on the width (no scrollbar).
        width = self.scrollable_content_region.width
        if not self.wrap and self.scroll_x:
            width = max(width, self._widest() + 1)
        size = Size(width, self._row_count())
        old = self.virtual_size
        viewport = self.scrollable_content_region.height
        if size != old:
            if (
                size.width == old.width
                and self.show_vertical_scrollbar
                and min(size.height, old.height) > viewport
            ):
                # Only the scrollbar changes: update it in place (as Textual's own
                # _size_updated(layout=False) does) instead of laying out the whole screen,
                # and repaint it only if its thumb moved (thousands of rows: rarely).
                self.set_reactive(LogView.virtual_size, size)
                self._bar_update(size)
            else:
                self.virtual_size = size
        if self.wrap and self.scroll_x:
            self.scroll_to(x=0, animate=False, immediate=True, force=True)
        if self.follow:
            self._unseen = 0
            # Scroll in this frame: scrolling after the refresh sends the whole region twice.
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)
            if self.scroll_y < self.max_scroll_y:  # not scrollable until the next layout
                self.call_after_refresh(self._scroll_to_end)

    def _widest(self) -> int:
        return max((e.measure() for e, i in self._visible if i == 0), default=0)

    def _update_subtitle(self) -> None:
        parts = []
        if self.level_filter != "all":
            parts.append(f"{self.level_filter}+ only")
        if self.text_filter:
            kept = sum(1 for _, i in self._visible if i == 0)
            parts.append(f"&{shown(self.text_filter, 30)}: {kept} shown")
        if self.search_text:
            found = self.search_summary or f"{len(self._match_rows)} in view"
            parts.append(f"/{shown(self.search_text, 30)}: {found}")
        if self.wrap:
            parts.append("wrap")
        elif self.scroll_x:
            parts.append(f"→ col {int(self.scroll_x) + 1}")
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

    @property
    def cursor_entry(self) -> Entry | None:
        return self._visible[self._cursor][0] if self._cursor is not None else None

    @property
    def cursor_line(self) -> str | None:
        if self._cursor is None:
            return None
        entry, i = self._visible[self._cursor]
        return entry.lines[i]

    def _bar_update(self, size: Size) -> None:
        """Textual's ``_scroll_update`` for a vertical scrollbar that stays shown: the bar
        learns the new height, and is repainted only if that moved its thumb."""
        bar = self.vertical_scrollbar
        before = _thumb(bar)
        bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        bar.set_reactive(
            ScrollBar.window_size, self.container_size.height - self.scrollbar_size_horizontal
        )
        if self._bar_drawn is None and _thumb(bar) != before:  # else _after_change compares
            bar.refresh()
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def watch_scroll_y(self, old: float, new: float) -> None:
        bar = self._vertical_scrollbar
        if bar is not None and self.show_vertical_scrollbar:
            # Following, the bottom moves on every tick, the thumb almost never: the bar is
            # told where it is without a repaint, unless its thumb moved (super() sets the
            # same position again, which repaints nothing).
            before = _thumb(bar)
            bar.set_reactive(ScrollBar.position, bar.validate_position(new))
            if self._bar_drawn is None and _thumb(bar) != before:  # see _after_change
                bar.refresh()
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

    def watch_text_filter(self) -> None:
        self._rebuild()
        self._after_change()

    def watch_wrap(self) -> None:
        self._after_change()
        if self._cursor is not None:
            self._show_row(self._cursor)

    def watch_scroll_x(self, old: float, new: float) -> None:
        super().watch_scroll_x(old, new)
        self._update_subtitle()

    def _refresh_matches(self) -> None:
        q = self.search_text.lower()
        self._match_rows = (
            [index for index, (e, i) in enumerate(self._visible) if q in e.lines[i].lower()]
            if q
            else []
        )
        self._match_pos = -1

    def _scroll_to_end(self) -> None:
        if self.follow:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        self._after_change()

    def _show_row(self, index: int, *, centre: bool = False) -> None:
        """Scroll so visible line ``index`` is on screen (in the middle for a jump)."""
        row = self._display_row(index)
        height = self.scrollable_content_region.height
        if centre:
            y = max(0, row - height // 2)
        elif row < self.scroll_y:
            y = row
        elif row >= self.scroll_y + height:
            y = row - height + 1
        else:
            self.refresh()
            return
        if y < self.max_scroll_y:
            self.follow = False
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self.refresh()

    def _set_cursor(self, index: int | None, *, centre: bool = False) -> None:
        self._cursor = index
        if index is not None:
            self._show_row(index, centre=centre)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if not self._visible:
            return
        if self._cursor is None:  # the first press picks the last line on screen
            height = self.scrollable_content_region.height
            last = self._line_at(min(self._row_count() - 1, int(self.scroll_y) + height - 1))
            self._set_cursor(last)
            return
        self._set_cursor(max(0, min(len(self._visible) - 1, self._cursor + step)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Replay: ←/→ seek (the screen's binding); { and } still scroll.
        return not (action == "side" and len(parameters) == 1 and not self.arrows_scroll)

    def action_side(self, step: int, _braces: bool = False) -> None:
        if self.wrap:
            return
        x = max(0, int(self.scroll_x) + step * SIDE_STEP)
        if x and not self.scroll_x:  # leaving the left edge: the lines' width counts now
            width = max(self.scrollable_content_region.width, self._widest() + 1)
            self.virtual_size = Size(width, self._row_count())
        self.scroll_to(x=x, animate=False, immediate=True, force=True)
        self.refresh()

    def action_toggle_wrap(self) -> None:
        self.wrap = not self.wrap

    def action_detail(self) -> None:
        entry = self._chosen()
        if entry is not None:
            self.post_message(self.OpenDetail(entry))

    def action_copy(self, whole: bool) -> None:
        entry = self._chosen()
        if entry is None:
            return
        if whole:
            lines = len(entry.lines)
            self.post_message(
                self.CopyText(entry.text(), f"the entry ({lines} line{'s' * (lines > 1)})")
            )
        else:
            line = self.cursor_line if self._cursor is not None else entry.lines[0]
            self.post_message(self.CopyText(line or "", "1 line"))

    def _chosen(self) -> Entry | None:
        """The entry under the cursor, else the last one on screen (what the eye is on)."""
        if self._cursor is not None:
            return self._visible[self._cursor][0]
        height = self.scrollable_content_region.height
        index = self._line_at(min(self._row_count() - 1, int(self.scroll_y) + height - 1))
        return self._visible[index][0] if index is not None else None

    def action_jump_level(self, level: str, step: int) -> None:
        """lnav's e/E and w/W: the next or previous error (warning) entry in the window."""
        want = _RANK[level]
        if self._cursor is not None:
            here = self._cursor
        else:
            top = self._line_at(int(self.scroll_y)) if step > 0 else None
            here = (top or 0) - 1 if step > 0 else len(self._visible)
        index = here + step
        while 0 <= index < len(self._visible):
            entry, i = self._visible[index]
            if i == 0 and entry.rank == want:
                self._set_cursor(index, centre=True)
                return
            index += step
        way = "below" if step > 0 else "above"
        self.notify(f"no {level} {way} in the log window", timeout=2)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self._line_at(int(self.scroll_y) + offset.y)
        if index is not None:
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_detail()

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
        self._set_cursor(self._match_rows[self._match_pos], centre=True)

    # --- drawing ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # One pass draws many rows: the widget's styles are looked up once for all of them
        # (each lookup walks the DOM; it was most of a row's cost).
        self._palette = self._styles_now()
        scroll_x, scroll_y = self.scroll_offset
        self._frame = (scroll_x, scroll_y, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._palette = None
            self._frame = None

    def _styles_now(self) -> dict[str | None, Style]:
        # Textual forgets its component styles on every refresh, and the log refreshes on
        # every tick: kept here until a style of this widget or an ancestor changes (a
        # theme, focus) or the app's theme does.
        key = (self.app.theme, *(node.styles._cache_key for node in self.ancestors_with_self))
        if self._styles_key == key and self._styles is not None:
            return self._styles
        styles: dict[str | None, Style] = {None: self.rich_style}
        for name in self.COMPONENT_CLASSES:
            styles[name] = self.get_component_rich_style(name)
        self._styles, self._styles_key = styles, key
        return styles

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        if self._frame is not None:
            scroll_x, scroll_y, width = self._frame
        else:
            scroll_x, scroll_y = self.scroll_offset
            width = self.scrollable_content_region.width  # not size: the scrollbar's part
        row = scroll_y + y
        palette = self._palette or self._styles_now()
        base = palette[None]
        index = self._line_at(row)
        if index is None:
            return Strip.blank(width, base)
        entry, i = self._visible[index]
        text = entry.lines[i]
        klass = LEVEL_CLASS.get(entry.level)
        if i > 0:
            style = base + palette["log--dim"] if klass is None else base
            if klass == "log--error" or klass == "log--warning":
                style = base + palette[klass]
        else:
            style = base + palette[klass] if klass else base
        if self.search_text and self._match_rows and self.search_text.lower() in text.lower():
            style = style + palette["log--match"]
        if index == self._cursor:
            style = style + palette["log--cursor"]
            base = base + palette["log--cursor"]
        time_style: Style = base + palette["log--time"]
        if index == self._cursor:
            time_style = time_style + palette["log--cursor"]
        tw = self._column.time_width
        segments: list[Segment] = []
        if self._rows is not None:  # wrapped: this row is a slice of the line
            _, start, end = self._rows[row]
            if start == 0:
                piece = text[:end]
                if i == 0:
                    segments += [Segment(piece[:tw], time_style), Segment(piece[tw:], style)]
                else:
                    segments.append(Segment(piece, style))
            else:
                segments.append(Segment(" " * (tw if i == 0 else 4), base))
                segments.append(Segment(text[start:end], style))
            return Strip(segments).crop(0, width).extend_cell_length(width, base)
        more = palette["log--more"]
        if i == 0 and entry.count > 1 and len(text) > scroll_x + width:
            # A folded entry cut at the right edge keeps its count in view: "… ×5".
            tail = f" ×{entry.count}"
            keep = scroll_x + width - len(tail) - 1
            if keep > scroll_x:
                text = f"{text[:keep]}…{tail}"
        if text.isascii():  # a character is a cell: cut by slicing, not by cropping strips
            timed = tw if i == 0 else 0
            return _ascii_row(text, timed, scroll_x, width, style, time_style, style + more, base)
        if i == 0:
            segments += [Segment(text[:tw], time_style), Segment(text[tw:], style)]
        else:
            segments.append(Segment(text, style))
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        # A cut line says so: "…" where text goes on past either edge.
        if len(text) > scroll_x + width:
            strip = strip.crop(0, width - 1)
            strip = Strip([*strip, Segment("…", style + more)])
        if scroll_x and len(text) > scroll_x:
            strip = Strip([Segment("…", style + more), *strip.crop(1, width)])
        return strip.extend_cell_length(width, base)


def _thumb(bar: ScrollBar) -> tuple[int, ...]:
    """What a vertical scrollbar draws, as ``ScrollBarRender.render_bar`` works it out: its
    height, and the thumb's first and last eighth of a cell (equal: the same bar)."""
    size = bar.size.height
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size) if bar.window_size < bar.window_virtual_size else 0
    if not (window and size and virtual and size != virtual):
        return (size, virtual, window)
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (bar.position / (virtual - window)) * 8)
    return (size, start, start + ceil(thumb * 8))


def _ascii_row(
    text: str,
    timed: int,
    scroll_x: int,
    width: int,
    style: Style,
    time_style: Style,
    cut_style: Style,
    base: Style,
) -> Strip:
    """The row ``render_line`` draws of an ASCII line, by slicing: columns ``scroll_x`` on,
    the time (its first ``timed`` columns: 9, or 15 with dates; 0 none) in its style, "…"
    where the text goes on past either edge, padded to ``width``. Cropping strips did the
    same at twice the cost, on every row of every repaint."""
    lo, hi = scroll_x, scroll_x + width
    left = scroll_x > 0 and len(text) > scroll_x
    right = len(text) > hi
    lo += left
    hi -= right
    segments: list[Segment] = [Segment("…", cut_style)] if left else []
    if lo < timed:
        if min(timed, hi) > lo:
            segments.append(Segment(text[lo : min(timed, hi)], time_style))
        lo = timed
    if hi > lo:
        segments.append(Segment(text[lo:hi], style))
    if right:
        segments.append(Segment("…", cut_style))
    cells = sum(len(segment.text) for segment in segments)
    if cells < width:
        segments.append(Segment(" " * (width - cells), base))
    return Strip(segments, max(width, cells))
