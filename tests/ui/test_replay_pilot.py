"""Issue #5: the replay screen over the recorded sample sessions, driven with keys and clicks;
what it shows after every jump is the state a fresh fold of the store gives at that point."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Footer, Input

from console.report.postmortem import build_report
from console.store.notes import list_notes
from console.store.replay import ReplayCursor
from console.ui.replay import READ_ONLY as REPLAY_READ_ONLY
from console.ui.replay import SPEEDS, ReplayFeed
from console.ui.screens.confirm import AskText
from console.ui.widgets.log_view import LogView
from console.ui.widgets.panel import Panel
from console.ui.widgets.transport import Transport
from tests.helpers.ui import replay_app, sample, screen_text, session_id_of, wait_for

SIZE = (120, 40)


def assert_screen_is_a_fresh_fold(app: Any, feed: ReplayFeed) -> None:
    """The state at the playhead, and every panel drawn from it, equal a fresh fold."""
    seq = feed.player.position
    with ReplayCursor(feed.db_path, feed.session_id) as fresh:
        want = fresh.state_at(seq)
    assert feed.state.to_dict() == want.to_dict(), f"state at {seq}"
    app.screen.tick()
    for panel in app.screen.query(Panel):
        if panel.id in ("status",):
            continue  # carries badges besides State
        assert str(panel.render()) == str(panel.draw(want)), f"{panel.id} at {seq}"


async def modal(pilot: Any, kind: type) -> Any:
    return await wait_for(
        pilot,
        lambda: pilot.app.screen if isinstance(pilot.app.screen, kind) else None,
        what=kind.__name__,
    )


async def test_space_plays_and_pauses() -> None:
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        feed.player.speed = 100.0
        assert feed.player.position == 0 and "PAUSED" in feed.badges
        await pilot.press("space")
        assert feed.player.playing and "PLAYING" in feed.badges
        await wait_for(pilot, lambda: feed.player.position > 50, what="the playhead to move")
        await pilot.press("space")
        stopped = feed.player.position
        await pilot.pause(0.2)
        assert not feed.player.playing and feed.player.position == stopped
        assert "PAUSED" in screen_text(app)
        assert_screen_is_a_fresh_fold(app, feed)


async def test_step_seek_and_speed_keys() -> None:
    app, feed = replay_app(sample("missing-index"), seek=200)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("full_stop")
        assert feed.player.position == 201
        await pilot.press("full_stop", "full_stop", "comma")
        assert feed.player.position == 202
        assert_screen_is_a_fresh_fold(app, feed)

        before = feed.player.clock
        await pilot.press("right")
        assert feed.player.clock == pytest.approx(before + 10)
        assert feed.player.position == feed.cursor.seq_at_time(before + 10)
        assert_screen_is_a_fresh_fold(app, feed)
        await pilot.press("left")
        assert feed.player.clock == pytest.approx(before)
        assert_screen_is_a_fresh_fold(app, feed)

        assert feed.player.speed == 1.0
        await pilot.press(*["greater_than_sign"] * (len(SPEEDS) + 2))
        assert feed.player.speed == 100.0
        assert "100x" in screen_text(app)
        await pilot.press(*["less_than_sign"] * (len(SPEEDS) + 2))
        assert feed.player.speed == 0.5
        assert "0.5x" in screen_text(app)


async def test_markers_jump_to_stages_gates_decisions_and_errors() -> None:
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        visited = []
        for _ in range(12):
            want = feed.cursor.next_marker(feed.player.position)
            if want is None:
                break
            await pilot.press("right_square_bracket")
            assert feed.player.position == want.seq
            visited.append((want.seq, want.marker))
            assert_screen_is_a_fresh_fold(app, feed)
        kinds = {m for _, m in visited}
        assert "stage" in kinds and "gate" in kinds, visited
        for _ in range(4):
            want = feed.cursor.prev_marker(feed.player.position)
            assert want is not None
            await pilot.press("left_square_bracket")
            assert feed.player.position == want.seq
            assert_screen_is_a_fresh_fold(app, feed)


async def test_go_to_time() -> None:
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        start = feed.cursor.start_ts
        assert start is not None
        target = start + 300
        await pilot.press("t")
        await modal(pilot, AskText)
        await pilot.press(*time.strftime("%H:%M:%S", time.gmtime(target)), "enter")
        assert feed.player.clock == pytest.approx(target)
        assert feed.player.position == feed.cursor.seq_at_time(target)
        assert_screen_is_a_fresh_fold(app, feed)


async def test_search_jumps_to_hits_and_n_to_the_next() -> None:
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        hits = feed.cursor.search("latency")
        assert len(hits) >= 3
        await pilot.press("slash")
        await pilot.press(*"latency", "enter")
        assert feed.player.position == hits[0]
        assert_screen_is_a_fresh_fold(app, feed)
        await pilot.press("n")
        assert feed.player.position == hits[1]


async def test_the_log_panel_counts_hits_in_the_session_as_the_jumps_do() -> None:
    # The panel once counted matching lines among those loaded ("1 hits") while n said
    # "hit 1/4": two scopes under one word. It now says which hit of the session this is.
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        hits = feed.cursor.search("latency")
        log = app.screen.query_one(LogView)
        await pilot.press("slash", *"latency", "enter")
        await pilot.pause()
        assert f"/latency: hit 1/{len(hits)} in session" in str(log.border_subtitle)
        await pilot.press("n")
        await pilot.pause()
        assert f"/latency: hit 2/{len(hits)} in session" in str(log.border_subtitle)
        # Seeking off the hit: the panel no longer names one.
        await pilot.press("0")
        await pilot.pause()
        assert feed.player.position not in hits
        assert f"/latency: {len(hits)} in session" in str(log.border_subtitle)
        await pilot.press("slash", *"nosuchword", "enter")
        await pilot.pause()
        assert "/nosuchword: 0 in session" in str(log.border_subtitle)


async def test_a_search_that_stops_at_its_limit_says_there_are_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A search keeps its first SEARCH_HITS hits: "hit 1/1000" on a million-line session
    # read as if there were exactly a thousand.
    import console.ui.replay as replay_ui

    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        hits = feed.cursor.search("latency")
        assert len(hits) >= 3
        monkeypatch.setattr(replay_ui, "SEARCH_HITS", 2)
        log = app.screen.query_one(LogView)
        await pilot.press("slash", *"latency", "enter")
        await pilot.pause()
        assert "/latency: hit 1/2+ in session" in str(log.border_subtitle)
        monkeypatch.setattr(replay_ui, "SEARCH_HITS", len(hits))
        await pilot.press("slash", *"latency", "enter")
        await pilot.pause()
        assert f"/{len(hits)} in session" in str(log.border_subtitle)  # all of them: no "+"


async def test_search_then_n_from_the_keyboard_moves_to_the_next_hit() -> None:
    app, feed = replay_app(sample("missing-index"))
    async with app.run_test(size=SIZE) as pilot:
        hits = feed.cursor.search("latency")
        await pilot.press("slash", *"latency", "enter", "n", "n")
        assert feed.player.position == hits[2]
        assert app.screen.query_one("#log-search", Input).value == "latency"


async def test_note_is_saved_and_reaches_the_postmortem(
    sample_copy: Callable[[str], Path],
) -> None:
    db = sample_copy("missing-index")
    sid = session_id_of(db)
    app, _ = replay_app(db, seek=1000)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await modal(pilot, AskText)
        await pilot.press(*"index missing here", "enter")
        await wait_for(pilot, lambda: list_notes(db, sid), what="the note")
    notes = list_notes(db, sid)
    assert [(n.body, n.seq) for n in notes] == [("index missing here", 1000)]
    report = build_report(db, sid)
    assert [n["body"] for n in report["notes"]] == ["index missing here"]


async def test_ctrl_s_saves_an_svg(tmp_path: Path) -> None:
    app, _ = replay_app(sample("healthy"), seek=500)
    app.screenshot_dir = tmp_path / "shots"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        files = await wait_for(pilot, lambda: list((tmp_path / "shots").glob("*.svg")))
    assert len(files) == 1
    svg = files[0].read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "REPLAY" in svg


async def test_clicking_the_seek_bar_seeks() -> None:
    app, feed = replay_app(sample("pool-exhaustion"))
    async with app.run_test(size=SIZE) as pilot:
        transport = app.screen.query_one(Transport)
        width = max(10, transport.size.width - 2)
        x = 1 + (width - 1) // 2  # the middle of the bar
        await pilot.click(Transport, offset=(x, 1))
        start, end = feed.cursor.start_ts, feed.cursor.last_ts
        assert start is not None and end is not None
        target = start + (x - 1) / (width - 1) * (end - start)
        assert feed.player.clock == pytest.approx(target)
        assert feed.player.position == feed.cursor.seq_at_time(target)
        assert 0 < feed.player.position < feed.cursor.total
        assert_screen_is_a_fresh_fold(app, feed)


@pytest.mark.parametrize("name", ["healthy", "config-bug"])
async def test_seeking_anywhere_shows_exactly_a_fresh_fold(name: str) -> None:
    app, feed = replay_app(sample(name))
    async with app.run_test(size=SIZE):
        total = feed.cursor.total
        points = [total // 7, total // 3, total // 2, total - 1, total, total // 2 + 3]
        points += [total // 5, 1, total // 3 + 1, total * 3 // 4, 0]
        for seq in points:
            feed.seek(seq)
            assert_screen_is_a_fresh_fold(app, feed)


# --- what the screen must not hide (found by looking at the snapshots) ----------------------

BOTH_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", BOTH_SIZES)
async def test_the_transport_does_not_cover_the_footer(size: tuple[int, int]) -> None:
    app, _ = replay_app(sample("missing-index"), seek=1000)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer).region
        transport = app.screen.query_one(Transport).region
        assert not footer.overlaps(transport), (footer, transport)
        assert "space" in screen_text(app).splitlines()[size[1] - 1]


@pytest.mark.parametrize("size", BOTH_SIZES)
async def test_why_the_verbs_are_disabled_is_readable(size: tuple[int, int]) -> None:
    app, _ = replay_app(sample("missing-index"), seek=1000)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert REPLAY_READ_ONLY in " ".join(screen_text(app).split())


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24")])
async def test_the_status_line_keeps_the_agent_state_and_clock(size: tuple[int, int]) -> None:
    app, _ = replay_app(sample("missing-index"), seek=10**9)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        status = screen_text(app).splitlines()[0]
        assert "rolled back" in status, status


async def test_the_first_search_of_an_import_says_it_indexes_then_jumps(tmp_path: Path) -> None:
    """An import leaves its search index to the first search: a user who waits is told."""
    from bench.inputs import agent_log
    from console.ingest import import_files
    from console.ui.replay import ANNOUNCED_INDEXING

    log = tmp_path / "agent.log"
    agent_log(log, 70_000)
    db = tmp_path / "s.db"
    import_files([log], db)
    app, feed = replay_app(db)
    pending = feed.cursor.unindexed()
    assert pending >= ANNOUNCED_INDEXING
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"pool", "enter")
        await wait_for(
            pilot,
            lambda: f"indexing {pending:,} lines for search" in screen_text(app),
            what="the indexing note",
        )
        await wait_for(pilot, lambda: feed.hits, what="the hits")
        assert feed.cursor.unindexed() == 0
        assert feed.player.position == feed.hits[0]
