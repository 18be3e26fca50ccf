"""The log view shows log text literally: markup and escape sequences never take effect."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region

from console import events as ev
from console.ui.widgets.log_view import Entry, LogView

T0 = 1_732_181_400.0
HOSTILE = "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x1bP1$r\x1b\\ \u202eevil"


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LogView(id="log")


async def test_markup_and_escapes_are_shown_literally() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 20)) as pilot:
        log = app.query_one(LogView)
        log.extend([(1, ev.LogLine(ts=T0, level="ERROR", message=HOSTILE, detail=(HOSTILE,)))])
        await pilot.pause()
        lines = log.visible_text()
        assert "[bold red]x[/]" in lines[0]  # the markup is text, not style
        for line in lines:
            assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
        # what reaches the terminal: no escape other than Textual's own, no OSC 52 write
        screen = app.export_screenshot()
        assert "[bold red]x[/]" in screen.replace("&#160;", " ")
        strips = [log.render_line(y) for y in range(2)]
        text = "".join(seg.text for strip in strips for seg in strip)
        assert "\x1b" not in text and "]52;" in text  # shown, as harmless visible text


async def test_follow_turns_off_when_scrolling_up_and_counts_new_lines() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend(
            [(i, ev.LogLine(ts=T0 + i, level="INFO", message=f"line {i}")) for i in range(1, 101)]
        )
        await pilot.pause()
        assert log.follow and log.scroll_y == log.max_scroll_y
        log.focus()
        await pilot.press("home")
        await pilot.pause()
        assert not log.follow
        log.extend([(101, ev.LogLine(ts=T0 + 101, level="INFO", message="new"))])
        await pilot.pause()
        assert "1 new" in str(log.border_subtitle)
        await pilot.press("f")
        await pilot.pause()
        assert log.follow and log.scroll_y == log.max_scroll_y


async def test_level_filter_and_search() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend(
            [
                (1, ev.LogLine(ts=T0, level="INFO", message="all good")),
                (2, ev.LogLine(ts=T0, level="WARNING", message="latency rising")),
                (3, ev.LogLine(ts=T0, level="ERROR", message="SLO violation")),
            ]
        )
        log.focus()
        await pilot.press("l")
        await pilot.pause()
        assert [t.split()[1] for t in log.visible_text()] == ["WARNING", "ERROR"]
        await pilot.press("l")
        await pilot.pause()
        assert [t.split()[1] for t in log.visible_text()] == ["ERROR"]
        await pilot.press("l")
        log.search_text = "latency"
        await pilot.pause()
        assert "latency: 1 in view" in str(log.border_subtitle)


async def test_the_window_is_bounded() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)):
        log = app.query_one(LogView)
        log._entries = type(log._entries)(maxlen=50)
        log.extend([(i, ev.LogLine(ts=T0, level="INFO", message=f"l{i}")) for i in range(200)])
        assert len(log.entries) == 50 and log.entries[0].seq == 150
        assert log.line_count == 50


async def test_scrolling_to_the_top_brings_older_lines_back_from_the_store(
    tmp_path, monkeypatch
) -> None:
    """The view keeps a window; older lines come back from the session store on scroll."""
    import shutil
    from pathlib import Path

    from console.store.catalog import resolve
    from console.ui import replay
    from console.ui.app import OpsConsoleApp
    from console.ui.replay import ReplayFeed, ReplayScreen

    sample = Path(__file__).resolve().parents[2] / "sample_sessions" / "missing-index.db"
    db = tmp_path / "s.db"
    shutil.copy(sample, db)
    target = resolve(str(db))
    monkeypatch.setattr(replay, "LOG_WINDOW", 60)  # a window smaller than this session's log
    feed = ReplayFeed(target.db_path, target.session_id)
    feed.seek(feed.cursor.total)
    app = OpsConsoleApp(feed, screen_factory=lambda f: ReplayScreen(feed), persist_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        log = app.screen.query_one(LogView)
        first_before = log.entries[0].seq
        count_before = len(log.entries)
        assert first_before > 1  # the window starts after the beginning of the session
        log.focus()
        await pilot.press("home")
        await pilot.pause(0.3)
        assert log.entries[0].seq < first_before
        assert len(log.entries) > count_before
        # the lines came from the store, in order, with no duplicate
        seqs = [e.seq for e in log.entries]
        assert seqs == sorted(set(seqs))
        assert not log.follow and log.scroll_y > 0  # the reader stays where they were
        await pilot.press("f")  # following again: the window shrinks back
        await pilot.pause(0.2)
        assert len(log.entries) <= log._max_entries


def test_a_live_session_reads_its_older_lines_back_while_recording(tmp_path) -> None:
    from console.runner import LiveSession
    from console.ui.live_feed import LiveFeed

    session = LiveSession(db_path=tmp_path / "live.db", name="t", sources=[], analyzers=[])
    try:
        seqs = [
            session.pipeline.feed(ev.LogLine(ts=T0 + i, level="INFO", message=f"line {i}"))
            for i in range(50)
        ]
        session.recorder.wait_committed(seqs[-1])
        older = LiveFeed(session).older_log(seqs[30], 10)
        assert [e.message for _, e in older] == [f"line {i}" for i in range(20, 30)]
    finally:
        session.close()


async def test_search_text_that_looks_like_markup_is_just_text() -> None:
    """`[/x]` typed into search (or in a toast) must not be parsed as markup and crash."""
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend([(1, ev.LogLine(ts=T0, level="INFO", message="closing tag [/x] here"))])
        log.search_text = "[/x]"
        await pilot.pause()
        assert "[/x]" in str(log.border_subtitle) and "1 in view" in str(log.border_subtitle)


# --- issue 20: logs you can read -------------------------------------------------------------

LONG = "pool exhausted: " + " ".join(f"pod-{i}=wait" for i in range(40)) + " END"


def _line(seq: int, message: str, level: str = "INFO", **kw: object) -> tuple[int, ev.LogLine]:
    return seq, ev.LogLine(ts=T0 + seq, level=level, message=message, **kw)  # type: ignore[arg-type]


def _row_text(log: LogView, y: int) -> str:
    return "".join(seg.text for seg in log.render_line(y))


async def test_a_cut_line_ends_in_an_ellipsis_and_scrolls_sideways() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 8)) as pilot:
        log = app.query_one(LogView)
        log.extend([_line(1, LONG)])
        log.focus()
        await pilot.pause()
        width = log.scrollable_content_region.width
        first = _row_text(log, 0)
        assert len(first) == width and first.endswith("…")
        assert first.startswith("09:30:01 INFO")
        await pilot.press("right", "right")
        await pilot.pause()
        assert log.scroll_x == 16
        moved = _row_text(log, 0)
        assert moved.startswith("…") and moved.endswith("…")
        assert moved[1:-1] in log.visible_text()[0]
        assert "→ col 17" in str(log.border_subtitle)
        await pilot.press("left", "left", "left")
        await pilot.pause()
        assert log.scroll_x == 0


async def test_wrap_shows_every_character_of_a_long_line() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(LogView)
        log.extend([_line(1, LONG), _line(2, "short")])
        log.focus()
        await pilot.press("z")
        await pilot.pause()
        assert log.wrap and "wrap" in str(log.border_subtitle)
        rows = [_row_text(log, y) for y in range(log.virtual_size.height)]
        assert len(rows) > 2 and not any(r.rstrip().endswith("…") for r in rows)
        joined = rows[0].rstrip() + "".join(r[9:].rstrip() for r in rows[1:-1])
        assert joined.replace(" ", "") == log.visible_text()[0].replace(" ", "")
        assert rows[-1].startswith("09:30:02") and "short" in rows[-1]
        await pilot.press("z")
        await pilot.pause()
        assert not log.wrap and log.virtual_size.height == 2


async def test_identical_entries_in_a_row_are_drawn_once_with_a_count() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend([_line(i, "pool exhausted", "ERROR") for i in range(1, 4)])
        log.extend([_line(i, "pool exhausted", "ERROR") for i in range(4, 6)])  # a later tick
        log.extend([_line(6, "pool recovered"), _line(7, "pool exhausted", "ERROR")])
        await pilot.pause()
        text = log.visible_text()
        assert len(text) == 3
        assert text[0].endswith("pool exhausted ×5") and text[0].startswith("09:30:01")
        assert text[1].endswith("pool recovered")
        assert text[2].endswith("pool exhausted")  # a new run after another line
        entry = log.entries[0]
        assert (entry.count, entry.last_ts) == (5, T0 + 5)


async def test_e_and_w_move_to_the_next_and_previous_error_and_warning() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        levels = ["INFO", "WARNING", "INFO", "ERROR", "INFO", "WARNING", "ERROR", "INFO"]
        log.extend([_line(i + 1, f"line {i + 1}", lvl) for i, lvl in enumerate(levels)])
        log.focus()
        await pilot.pause()
        log.scroll_to(y=0, animate=False, immediate=True, force=True)
        await pilot.pause()

        async def at(*keys: str) -> str:
            await pilot.press(*keys)
            await pilot.pause()
            entry = log.cursor_entry
            assert entry is not None
            return f"{entry.level} {entry.seq}"

        assert await at("e") == "ERROR 4"
        assert await at("e") == "ERROR 7"
        assert await at("E") == "ERROR 4"
        assert await at("w") == "WARNING 6"
        assert await at("W") == "WARNING 2"
        assert await at("down") == "INFO 3"


async def test_filter_hides_entries_without_the_text() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend(
            [
                _line(1, "gate opened", detail=("db conns 155",)),
                _line(2, "traffic shifted"),
                _line(3, "DB pool at 90 %", "WARNING"),
            ]
        )
        log.text_filter = "db"
        await pilot.pause()
        assert [t.split()[-1] for t in log.visible_text()] == ["opened", "155", "%"]
        assert "&db: 2 shown" in str(log.border_subtitle)
        log.extend([_line(4, "nothing here"), _line(5, "db again")])
        await pilot.pause()
        assert log.visible_text()[-1].endswith("db again")
        assert not any("nothing here" in t for t in log.visible_text())
        log.text_filter = ""
        await pilot.pause()
        assert len(log.visible_text()) == 6


def test_the_detail_of_a_json_entry_lists_its_fields() -> None:
    from console.ui.screens.log_detail import describe_entry

    event = ev.LogLine(
        ts=T0,
        level="ERROR",
        message="request failed",
        detail=("Traceback (most recent call last):", '  File "app.py", line 3'),
        fields={"trace_id": "4bf92f3577b34da6", "status": 503, "pod": {"name": "green-2"}},
        fmt="json",
        samples=(("latency_avg_ms", 812.0, "green"),),
    )
    entry = Entry(7, event)
    text = describe_entry(entry).plain
    assert "request failed" in text
    assert 'File "app.py", line 3' in text
    assert "fields (3)" in text
    assert "trace_id" in text and "4bf92f3577b34da6" in text
    assert '{"name": "green-2"}' in text and "503" in text
    assert "latency_avg_ms (green) = 812" in text
    assert "#7" in text


def test_the_detail_of_a_message_that_is_json_lists_its_fields() -> None:
    from console.ui.screens.log_detail import describe_entry

    event = ev.LogLine(ts=T0, level="INFO", message='{"user": "a\\u001b[31m", "n": 2}')
    text = describe_entry(Entry(1, event)).plain
    assert "fields (2)" in text and "\x1b" not in text


async def test_a_flood_of_lines_costs_the_rows_drawn_and_reading_back_finds_them_whole() -> None:
    """Issue 22: a line's text (redacted, printable, timed) is made when it is drawn, not
    for every line that passes through the window; what is drawn later is the same."""
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(LogView)
        long = "wide " * 60
        flood = [_line(1, "db_password=hunter2 in a config dump"), _line(2, long)]
        flood += [_line(seq, f"routine line {seq}") for seq in range(3, 3001)]
        log.extend(flood)
        log.focus()
        await pilot.pause()
        made = [e for e in log.entries if e._lines is not None]
        assert 0 < len(made) <= 2 * log.scrollable_content_region.height
        assert made[-1].seq == 3000
        # Reading back: the oldest lines are drawn as they always were, redacted.
        await pilot.press("home")
        await pilot.pause()
        top = _row_text(log, 0)
        assert top.startswith("09:30:01 INFO") and "hunter2" not in top and "db_password" in top
        # Sideways, as far as the widest line in the window, though it was never on screen
        # while the view followed.
        width = log.scrollable_content_region.width
        await pilot.press("end", *["right"] * 40)
        await pilot.pause()
        assert log.scroll_x == len(log.visible_text()[1]) + 1 - width


async def test_the_log_takes_a_new_theme_s_colours() -> None:
    """The log keeps its styles between repaints; a new theme must still reach its rows."""
    app = LogApp()
    async with app.run_test(size=(80, 8)) as pilot:
        app.theme = "textual-dark"
        log = app.query_one(LogView)
        log.extend([_line(1, "upstream timeout", level="ERROR")])
        await pilot.pause()

        def message_style() -> object:
            return next(seg.style for seg in log.render_line(0) if "upstream" in seg.text)

        dark = message_style()
        app.theme = "textual-light"
        await pilot.pause()
        assert message_style() != dark


async def test_the_scrollbar_knows_the_window_while_following_a_flood() -> None:
    """Following, the scrollbar is repainted only when its thumb moves; what it knows of the
    window (height, position) is current all the same, so a drag or a click acts on it."""
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend([_line(i, f"line {i}") for i in range(300)])
        await pilot.pause()
        for batch in range(1, 5):  # once the bar is shown (laid out with the first batch)
            log.extend([_line(batch * 300 + i, f"line {i}") for i in range(300)])
            await pilot.pause()
            bar = log.vertical_scrollbar
            assert bar.window_virtual_size == log.virtual_size.height
            assert bar.position == bar.validate_position(log.scroll_y)
            assert log.scroll_y == log.max_scroll_y

        def top_row() -> list[object]:
            bar = log.vertical_scrollbar
            return [seg.style for seg in bar.render_lines(Region(0, 0, 1, bar.size.height))[0]]

        at_bottom = top_row()
        log.focus()
        await pilot.press("home")
        await pilot.pause()
        assert log.vertical_scrollbar.position == 0
        assert top_row() != at_bottom  # the thumb is drawn at the top now


async def test_following_a_flood_repaints_the_scrollbar_only_when_its_thumb_moves() -> None:
    """At the bottom of thousands of rows a batch moves the bottom, not the thumb (one cell
    at the foot of the bar): the bar is not repainted. A filter that leaves a few rows makes
    the thumb longer: it is."""
    app = LogApp()
    async with app.run_test(size=(80, 12)) as pilot:
        log = app.query_one(LogView)
        for batch in range(2):  # the second is laid out with the bar shown
            log.extend([_line(1000 * batch + i, f"line {i}") for i in range(1000)])
            await pilot.pause()
        bar = log.vertical_scrollbar
        drawn = [
            seg.style for row in bar.render_lines(Region(0, 0, 1, bar.size.height)) for seg in row
        ]
        for batch in range(1, 4):
            log.extend([_line(2000 * batch + i, f"line {i}") for i in range(300)])
            assert not bar._repaint_required  # not asked to repaint what it already shows
            await pilot.pause()
            assert log.scroll_y == log.max_scroll_y
            assert bar.position == bar.validate_position(log.scroll_y)
        assert [
            seg.style for row in bar.render_lines(Region(0, 0, 1, bar.size.height)) for seg in row
        ] == drawn
        log.extend([_line(9000, "the only error", level="ERROR")])
        await pilot.pause()
        log.level_filter = "error"
        assert bar._repaint_required or not log.show_vertical_scrollbar


async def test_the_log_s_rows_are_framed_as_textual_frames_them() -> None:
    """The log frames its content rows itself, once per repaint (row_frame.py): every row,
    border and title rows included, must be what Textual's own styles cache draws, in each
    look the log takes (focused or not, a cursor, a search hit, a cut or wide line, a theme,
    a filter that leaves fewer rows than the view)."""
    from textual._styles_cache import StylesCache

    from console.ui.widgets.row_frame import RowFrameCache

    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend(
            [_line(i, f"line {i} " + "x" * (i % 70)) for i in range(40)]
            + [_line(40, "wide 日本語 " * 8, level="ERROR", detail=("  at x()",) * 3)]
            + [_line(41, "upstream timeout", level="WARNING")]
        )
        await pilot.pause()

        def rows(cache: StylesCache) -> list[list[tuple[str, object]]]:
            log._styles_cache = cache
            log.refresh()
            strips = log.render_lines(Region(0, 0, log.size.width, log.size.height))
            return [[(seg.text, seg.style) for seg in strip] for strip in strips]

        framed: list[object] = []

        class Seen(RowFrameCache):
            def _plain_frame(self, *args: Any) -> Any:
                framed.append(frame := super()._plain_frame(*args))
                return frame

        def same() -> None:
            ours = rows(Seen())
            assert ours == rows(StylesCache())
            assert len(ours) == log.size.height

        same()
        assert framed and framed[-1] is not None  # the rows were framed by row_frame.py
        log.focus()
        await pilot.pause()
        same()
        log.action_cursor(-1)
        log.search_text = "upstream"
        await pilot.pause()
        same()
        log.action_side(1)
        await pilot.pause()
        same()
        app.theme = "textual-light"
        await pilot.pause()
        same()
        log.level_filter = "error"
        await pilot.pause()
        same()
        log.styles.padding = (0, 1)  # not a plain box: Textual's own code frames it
        await pilot.pause()
        same()


async def test_the_level_column_is_as_wide_as_the_widest_level_shown() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend(
            [
                (1, ev.LogLine(ts=T0, level="INFO", message="started")),
                (2, ev.LogLine(ts=T0 + 1, level="UNKNOWN", message="a line with no level")),
                (3, ev.LogLine(ts=T0 + 2, level="ERROR", message="failed")),
            ]
        )
        await pilot.pause()
        # A service's INFO and ERROR: five columns for the level, none for a line without
        # one (no "UNKNOWN" the log never wrote), every message starting in one column.
        assert log.visible_text() == [
            "09:30:00 INFO  started",
            "09:30:01       a line with no level",
            "09:30:02 ERROR failed",
        ]
        log.extend([(4, ev.LogLine(ts=T0 + 3, level="OBSERVATION", message="metrics"))])
        await pilot.pause()
        # A longer level widens the column for the entries already drawn as well.
        assert log.visible_text() == [
            "09:30:00 INFO        started",
            "09:30:01             a line with no level",
            "09:30:02 ERROR       failed",
            "09:30:03 OBSERVATION metrics",
        ]


def test_the_detail_of_a_line_without_a_level_says_so() -> None:
    from console.ui.screens.log_detail import describe_entry

    text = describe_entry(Entry(1, ev.LogLine(ts=T0, level="UNKNOWN", message="plain"))).plain
    assert "level     —" in text


async def test_a_folded_entry_cut_at_the_edge_keeps_its_count_in_view() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(LogView)
        message = "connection pool exhausted while waiting for a free slot on db-primary"
        log.extend([_line(i, message, "ERROR") for i in range(1, 6)])
        await pilot.pause()
        row = _row_text(log, 0).rstrip()
        assert row.endswith("… ×5") and row.startswith("09:30:01")
        assert len(row) <= log.scrollable_content_region.width
        assert log.visible_text()[0].endswith(f"{message} ×5")  # the copy is whole


async def test_times_carry_their_date_once_the_entries_span_two_days() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend([(1, ev.LogLine(ts=T0, level="INFO", message="before midnight"))])
        await pilot.pause()
        assert log.visible_text() == ["09:30:00 INFO  before midnight"]
        # the next day's line, at an earlier time of day: a time alone would run backwards
        nxt = T0 + 20 * 3600
        log.extend([(2, ev.LogLine(ts=nxt, level="ERROR", message="after midnight " * 6))])
        await pilot.pause()
        assert log.visible_text()[0] == "11-21 09:30:00 INFO  before midnight"
        assert log.visible_text()[1].startswith("11-22 05:30:00 ERROR after midnight")
        log.focus()
        await pilot.press("z")  # wrapped rows start under the message, clear of the date
        await pilot.pause()
        rows = [_row_text(log, y) for y in range(log.virtual_size.height)]
        assert len(rows) > 2 and rows[2].startswith(" " * 15) and rows[2][15] != " "


async def test_times_carry_their_year_once_the_entries_span_two_years() -> None:
    # two files of two years imported into one session (an archive and this year's log):
    # the month and day alone would run backwards, 11-21 then 09-22
    app = LogApp()
    async with app.run_test(size=(70, 12)) as pilot:
        log = app.query_one(LogView)
        log.extend([(1, ev.LogLine(ts=T0, level="INFO", message="old"))])
        log.extend([(2, ev.LogLine(ts=T0 + 86400, level="INFO", message="next day"))])
        await pilot.pause()
        assert log.visible_text()[1] == "11-22 09:30:00 INFO  next day"
        later = T0 + 305 * 86400  # 2025-09-22
        log.extend([(3, ev.LogLine(ts=later, level="WARNING", message="a year on"))])
        await pilot.pause()
        assert log.visible_text() == [
            "2024-11-21 09:30:00 INFO    old",
            "2024-11-22 09:30:00 INFO    next day",
            "2025-09-22 09:30:00 WARNING a year on",
        ]
    # a time that is none keeps the column's width
    from console.ui.widgets.log_view import LevelColumn

    column = LevelColumn()
    column.fit("INFO", T0)
    column.fit("INFO", T0 + 400 * 86400)
    assert column.stamp(float("nan")) == "---------- --:--:--"


def test_a_pretty_printed_records_lines_are_drawn_as_its_head_alone() -> None:
    # an export's record read over its lines: the view shows it as a JSON line's, the lines
    # in the entry's detail (enter); a JSON record followed by a trace keeps the trace drawn
    from console.ui.screens.log_detail import describe_entry

    record = ev.LogLine(
        ts=T0,
        level="INFO",
        message="GET https://api.example.com/v1/items/39 200",
        detail=('    "insertId": "id599",', '    "httpRequest": {', '      "status": 200', "    }"),
        fields={"insertId": "id599", "httpRequest.status": 200},
        fmt="json",
    )
    entry = Entry(1, record)
    assert entry.rows == 1 and len(entry.lines) == 1
    assert entry.lines[0].endswith("GET https://api.example.com/v1/items/39 200")
    assert '"insertId": "id599",' in describe_entry(entry).plain
    traced = ev.LogLine(
        ts=T0,
        level="ERROR",
        message="panic",
        detail=("goroutine 1 [running]:", "main.main()"),
        fmt="json",
    )
    assert Entry(2, traced).rows == 3 and len(Entry(2, traced).lines) == 3


def test_a_cloudwatch_event_read_as_its_lambda_line_draws_its_head_alone() -> None:
    event = ev.LogLine(
        ts=T0,
        level="INFO",
        message="Got data.  Length is 3171",
        detail=(
            '   "logStreamName": "2019/06/19/[$LATEST]c3ad",',
            '   "timestamp": 1560937540923,',
            "},",
        ),
        fmt="lambda",
    )
    assert Entry(1, event).rows == 1
    # a text entry's dumped JSON body stays drawn
    dumped = ev.LogLine(
        ts=T0, level="INFO", message="Response body:", detail=("{", '  "ok": true', "}"), fmt="text"
    )
    assert Entry(2, dumped).rows == 4
    # an export's first record: its "[" the line it stands for, its brace in its detail
    assert (
        _text_rows(
            "[main] com.example.Orders - boom",
            "  {",
            '    "timestamp": 1714557600000,',
            '    "message": "2024-05-01 10:00:00,123 ERROR [main] com.example.Orders - boom",',
            "  },",
        )
        == 1
    )
    # a text entry's dumped array: its "[" no longer stands for a record's
    assert _text_rows("Users:", "[", "  {", '    "id": 1', "  }]") == 5
    # a body repeating the entry's words under another key than "message" stays drawn
    assert (
        _text_rows(
            "payment failed",
            "  {",
            '    "error": "payment failed",',
            '    "code": "no_funds"',
            "  }",
        )
        == 5
    )


def _text_rows(message: str, *detail: str) -> int:
    """The rows a text entry with these lines under it takes in the view."""
    line = ev.LogLine(ts=T0, level="INFO", message=message, detail=detail, fmt="text")
    return Entry(1, line).rows
