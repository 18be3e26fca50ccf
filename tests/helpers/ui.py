"""Shared pieces of the screen tests: sample sessions, the replay app, the real console over
the real simulated agent, and a poll that waits on the screen without asserting timings."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from console.control.agent import AgentDecider
from console.control.policy import AutoPolicy
from console.runner import LiveSession
from console.sim.handle import SimHandle
from console.sources.agent import AgentSource
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from console.ui.replay import ReplayFeed, ReplayScreen

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_sessions"
LOGS = ROOT / "tests" / "fixtures" / "logs"
# A fixed simulated start, seed and a frozen clock at gates: the same rollout every run.
SIM_START = 1_795_000_000.0


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test does may touch the developer's own config (theme, operator).
    monkeypatch.setenv("OPSCONSOLE_CONFIG_DIR", str(tmp_path / "config"))


def session_id_of(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT id FROM sessions ORDER BY started_at").fetchall()
    assert len(rows) == 1, f"{db} holds {len(rows)} sessions"
    return str(rows[0][0])


def sample(name: str) -> Path:
    path = SAMPLES / f"{name}.db"
    if not path.exists():
        pytest.fail(f"{path} is missing: run 'make sample-sessions'")
    return path


@pytest.fixture
def sample_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a sample session (notes are written; sample_sessions/ never is)."""

    def copy(name: str) -> Path:
        dst = tmp_path / f"{name}.db"
        shutil.copyfile(sample(name), dst)
        return dst

    return copy


@pytest.fixture
def healthy_feed(sample_copy: Callable[[str], Path]) -> ReplayFeed:
    """A replay of a writable copy of the healthy sample session."""
    db = sample_copy("healthy")
    return ReplayFeed(db, session_id_of(db))


def replay_app(
    db: Path,
    *,
    theme: str | None = None,
    seek: int | None = None,
    refresh_interval: float = 0.05,
) -> tuple[OpsConsoleApp, ReplayFeed]:
    """The replay console of ``db`` (paused; at event ``seek`` if given)."""
    feed = ReplayFeed(db, session_id_of(db))
    if seek is not None:
        feed.seek(seek)

    def factory(f: Any) -> ReplayScreen:
        return ReplayScreen(f, refresh_interval=refresh_interval)

    app = OpsConsoleApp(
        feed,
        screen_factory=factory,
        theme=theme,
        refresh_interval=refresh_interval,
        persist_theme=False,
    )
    return app, feed


async def wait_for(
    pilot: Pilot[Any], cond: Callable[[], Any], timeout: float = 30.0, what: str = ""
) -> Any:
    """Let the app run until ``cond()`` is truthy (a generous limit, never a timing check)."""
    deadline = time.monotonic() + timeout
    while True:
        got = cond()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or cond}")
        await pilot.pause(0.02)


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, one line per row, as plain text (no styles)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def export_text(app: OpsConsoleApp) -> str:
    """The text of the SVG export (what a saved screenshot holds), tags and nbsp removed."""
    import html
    import re

    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg.split("</style>", 1)[-1])
    return html.unescape(text).replace("\xa0", " ")


# --- the real console over the real simulated agent ----------------------------------------


@dataclass
class Live:
    sim: SimHandle
    session: LiveSession
    app: OpsConsoleApp
    db: Path

    @property
    def state(self) -> Any:
        return self.session.pipeline.state

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Read the recorded session (committed rows) as any other reader would."""
        with contextlib.closing(sqlite3.connect(self.db)) as conn:
            return conn.execute(sql, args).fetchall()

    def events(self, kind: str) -> list[dict[str, Any]]:
        recorder = self.session.recorder
        recorder.wait_committed(recorder.seq)
        return [
            {"seq": seq, "source": src, **json.loads(data)}
            for seq, src, data in self.rows(
                "SELECT seq, source, data FROM events "
                "WHERE session_key = (SELECT key FROM sessions WHERE id = ?) AND kind = ? "
                "ORDER BY seq",
                self.session.session_id,
                kind,
            )
        ]


def start_live(
    tmp_path: Path,
    scenario: str,
    *,
    auto: bool = False,
    read_only: bool = False,
    speed: float = 3000.0,
    seed: int = 3,
) -> tuple[SimHandle, LiveSession, OpsConsoleApp]:
    sim = SimHandle.start(
        scenario,
        speed=speed,
        seed=seed,
        start=SIM_START,
        freeze_at_gates=True,
        heartbeat_s=0.2,
    )
    try:
        session = LiveSession(
            db_path=tmp_path / "live.db",
            name=f"test {scenario}",
            sources=[AgentSource(sim.url, sim.token)],
            decider=AgentDecider(sim.url, sim.token),
            read_only=read_only,
            policy=AutoPolicy(auto=auto) if auto else None,
            label=f"demo:{scenario}",
        )
    except BaseException:
        sim.stop()
        raise
    app = OpsConsoleApp(
        LiveFeed(session), runner=session.run, refresh_interval=0.05, persist_theme=False
    )
    return sim, session, app


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Callable[..., Live]]:
    """``live(scenario, auto=..., read_only=...)``: started sim + session + app; cleaned up."""
    made: list[Live] = []

    def make(scenario: str, **kw: Any) -> Live:
        sim, session, app = start_live(tmp_path, scenario, **kw)
        lv = Live(sim, session, app, tmp_path / "live.db")
        made.append(lv)
        return lv

    yield make
    for lv in made:
        lv.session.close()
        lv.sim.stop()


async def until_finished(
    pilot: Pilot[Any], lv: Live, *, approve: bool = False, timeout: float = 60.0
) -> None:
    """Until the agent's stream has ended and the session stopped pumping; with ``approve``,
    the operator presses ``a`` at every gate where Approve is enabled (as on call)."""
    deadline = time.monotonic() + timeout
    pressed: set[str] = set()
    while not lv.session.finished.is_set():
        if time.monotonic() > deadline:
            raise AssertionError(f"the session did not finish: {lv.state.agent_state}")
        gate = lv.state.gate
        if (
            approve
            and gate
            and gate["gate_id"] not in pressed
            and lv.session.desk.availability()["approve"].enabled
        ):
            pressed.add(gate["gate_id"])
            await pilot.press("a")
            await pilot.pause(0.05)
            if type(pilot.app.screen).__name__ == "ConfirmDecision":  # a check failed: say so
                await pilot.press(*"approved in a test", "enter")
        await pilot.pause(0.02)
    await asyncio.sleep(0)
