"""Issue 20, item 4, on the whole console: wrap, the entry in full, copy, the keys that move
between errors, and replay's go-to-time moving the log, at 80x24 and 120x40, in replay (the
recorded seed-like session) and live (the real simulated agent over loopback)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from console.ui.clipboard import CLIPBOARD_FILE
from console.ui.screens.log_detail import LogEntryDetail
from console.ui.widgets.log_view import LogView
from tests.helpers.ui import Live, replay_app, screen_text, wait_for

SIZES = [(80, 24), (120, 40)]


def _log(app: Any) -> LogView:
    return app.screen.query_one(LogView)


def _log_rows(app: Any) -> list[str]:
    """The log panel's rows as drawn (what the engineer reads), without the frame."""
    log = _log(app)
    return [
        "".join(seg.text for seg in log.render_line(y)).rstrip()
        for y in range(log.scrollable_content_region.height)
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_replay_go_to_time_moves_the_log_to_that_time(
    sample_copy: Callable[[str], Path], size: tuple[int, int]
) -> None:
    app, feed = replay_app(sample_copy("missing-index"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        await pilot.press("t")
        await pilot.pause(0.1)
        await pilot.press(*"09:51:15", "enter")
        log = _log(app)
        await wait_for(pilot, lambda: feed.player.clock >= feed.cursor.start_ts + 1200)
        await wait_for(pilot, lambda: log.scroll_y == log.max_scroll_y > 0, what="the log moved")
        rows = [r for r in _log_rows(app) if r[:2].isdigit()]
        assert rows, _log_rows(app)
        # The last lines shown are those just before the playhead, not the session's start.
        assert all("09:30:00" not in r for r in rows)
        assert rows[-1][:8] <= "09:51:15" and rows[-1][:5] >= "09:50"


@pytest.mark.parametrize("size", SIZES)
async def test_replay_wrap_detail_and_copy(
    sample_copy: Callable[[str], Path], size: tuple[int, int]
) -> None:
    db = sample_copy("missing-index")
    app, _ = replay_app(db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("dollar_sign")
        await pilot.pause(0.3)
        log = _log(app)
        await pilot.press("E")  # the last error entry of the window
        await pilot.pause(0.1)
        entry = log.cursor_entry
        assert entry is not None and entry.level in ("ERROR", "FAILURE", "CRITICAL")

        # Wrapped, a long line is read whole on screen; unwrapped it is cut with "…".
        longest = max(log.visible_text(), key=len)
        assert len(longest) > log.scrollable_content_region.width
        assert any(r.endswith("…") for r in _log_rows(app))
        await pilot.press("z")
        await pilot.pause(0.1)
        assert log.wrap and not any(r.endswith("…") for r in _log_rows(app))

        await pilot.press("enter")
        detail = await wait_for(
            pilot,
            lambda: app.screen if isinstance(app.screen, LogEntryDetail) else None,
            what="the entry in full",
        )
        text = str(detail.query_one("#entry-detail", Static).render())
        assert entry.event is not None and entry.event.message in text
        assert f"#{entry.seq}" in text and "Log entry" in screen_text(app)
        await pilot.press("c")  # copy from the detail pane: the whole entry
        await pilot.pause(0.1)
        clip = db.parent / CLIPBOARD_FILE
        assert clip.read_text(encoding="utf-8") == entry.text() == app.clipboard
        assert stat.S_IMODE(clip.stat().st_mode) == 0o600
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LogEntryDetail))

        await pilot.press("c")  # copy the cursor's line from the log
        await pilot.pause(0.1)
        assert clip.read_text(encoding="utf-8") == entry.lines[0] == app.clipboard
        toasts = [str(n.message) for n in app._notifications]
        assert any("copied 1 line" in t and str(clip) in t for t in toasts), toasts


@pytest.mark.parametrize("size", SIZES)
async def test_live_wrap_detail_and_copy(live: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: lv.state.gate, what="a gate")
        log = _log(lv.app)
        await wait_for(pilot, lambda: log.line_count > 20, what="log lines")
        await pilot.press("z")
        await pilot.pause(0.1)
        assert log.wrap and "wrap" in str(log.border_subtitle)
        await pilot.press("up")  # the cursor on the last line shown
        await pilot.pause(0.05)
        entry = log.cursor_entry
        assert entry is not None
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(lv.app.screen, LogEntryDetail), what="the entry in full"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(lv.app.screen, LogEntryDetail))
        await pilot.press("C")
        clip = tmp_path / CLIPBOARD_FILE
        await wait_for(pilot, clip.exists, what="the copied entry")
        assert clip.read_text(encoding="utf-8") == entry.text() == lv.app.clipboard
        assert stat.S_IMODE(clip.stat().st_mode) == 0o600


@pytest.mark.parametrize("size", SIZES)
async def test_live_filter_hides_what_does_not_match(live: Any, size: tuple[int, int]) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: lv.state.gate, what="a gate")
        log = _log(lv.app)
        await pilot.press("ampersand")
        await pilot.press(*"latency", "enter")
        await pilot.pause(0.1)
        assert log.text_filter == "latency"
        shown = {id(e) for e, _ in log._visible}
        assert shown and all(
            any("latency" in line.lower() for line in e.lines)
            for e in log.entries
            if id(e) in shown
        )
        assert any(id(e) not in shown for e in log.entries)  # some were hidden
        assert "&latency:" in str(log.border_subtitle)
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert log.text_filter == "" and len({id(e) for e, _ in log._visible}) == len(log.entries)
