"""What the screens look like (pytest-textual-snapshot): the live console at the end of a failed
rollout read from its log, replay at fixed points, and every theme, at 80x24 and 120x40.

Only deterministic content: the live session reads a fixture log to its end (times come from
the log), replay is paused at a fixed event. Update with ``--snapshot-update`` after looking.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from console.runner import LiveSession
from console.sources.logfile import LogFileSource
from console.store.replay import ReplayCursor
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from tests.helpers.ui import LOGS, replay_app, sample, session_id_of

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
THEMES = ["opsconsole-dark", "opsconsole-light", "opsconsole-high-contrast", "opsconsole-mono"]
FAILED_ROLLOUT = LOGS / "rollout_missing_index.log"


@pytest.fixture
def live_from_log(tmp_path: Path) -> Iterator[Callable[[], tuple[OpsConsoleApp, LiveSession]]]:
    sessions: list[LiveSession] = []

    def make() -> tuple[OpsConsoleApp, LiveSession]:
        session = LiveSession(
            db_path=tmp_path / "live.db",
            name="snapshot",
            sources=[LogFileSource(str(FAILED_ROLLOUT))],
            label="watch",
        )
        sessions.append(session)
        app = OpsConsoleApp(
            LiveFeed(session), runner=session.run, refresh_interval=0.05, persist_theme=False
        )
        return app, session

    yield make
    for s in sessions:
        s.close()


def read_to_the_end(session: LiveSession) -> Callable[[Pilot[Any]], Any]:
    """Until the whole log is in: the outcome is known and nothing new came for a while (the
    tail follows the file forever, so "the end" is quiet after the summary section)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        deadline = time.monotonic() + 30
        seen, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
            count = session.recorder.seq
            if count != seen:
                seen, quiet_since = count, time.monotonic()
            elif (
                session.pipeline.state.outcome
                and time.monotonic() - quiet_since > 1.0
                and not any(getattr(a, "busy", False) for a in session.pipeline.analyzers)
            ):
                break  # the incident analysis answers from its own process: wait for it too
        else:
            raise AssertionError("the log was not read to its end")
        pilot.app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_live_failed_rollout(
    snap_compare: Any, live_from_log: Callable[[], tuple[OpsConsoleApp, LiveSession]], size: Any
) -> None:
    app, session = live_from_log()
    assert snap_compare(app, terminal_size=size, run_before=read_to_the_end(session))


def replay_points() -> dict[str, int]:
    db = sample("missing-index")
    with ReplayCursor(db, session_id_of(db)) as cursor:
        opened = [m for m in cursor.markers(("gate",)) if m.kind == "gate_opened"]
        # Just after the last gate opened: the gate bar has the decision in front of it.
        return {"last-gate": opened[-1].seq + 1, "end": cursor.total}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("point", ["last-gate", "end"])
def test_replay_missing_index(snap_compare: Any, point: str, size: Any) -> None:
    app, _ = replay_app(sample("missing-index"), seek=replay_points()[point], refresh_interval=0.25)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_theme(snap_compare: Any, theme: str, size: Any) -> None:
    app, _ = replay_app(
        sample("missing-index"),
        seek=replay_points()["last-gate"],
        theme=theme,
        refresh_interval=0.25,
    )
    assert app.theme == theme
    assert snap_compare(app, terminal_size=size)


# --- issue 20: reading the log, the entry in full, help -------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_replay_log_wrapped_with_the_cursor_on_the_last_error(snap_compare: Any, size: Any) -> None:
    app, _ = replay_app(sample("missing-index"), seek=replay_points()["end"], refresh_interval=0.25)
    assert snap_compare(app, terminal_size=size, press=["E", "z"])


@pytest.mark.parametrize("size", SIZES)
def test_replay_log_entry_in_full(snap_compare: Any, size: Any) -> None:
    app, _ = replay_app(sample("missing-index"), seek=replay_points()["end"], refresh_interval=0.25)
    assert snap_compare(app, terminal_size=size, press=["E", "enter"])


@pytest.mark.parametrize("size", SIZES)
def test_replay_help(snap_compare: Any, size: Any) -> None:
    app, _ = replay_app(
        sample("missing-index"), seek=replay_points()["last-gate"], refresh_interval=0.25
    )
    assert snap_compare(app, terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_live_failed_rollout_log_wrapped(
    snap_compare: Any, live_from_log: Callable[[], tuple[OpsConsoleApp, LiveSession]], size: Any
) -> None:
    app, session = live_from_log()
    read = read_to_the_end(session)

    async def run_before(pilot: Pilot[Any]) -> None:
        await read(pilot)
        await pilot.press("z")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
