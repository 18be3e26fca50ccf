"""Issue #8, life on a bastion: any size (resizing never crashes, the essentials stay on screen,
a clear message below 80x24), keyboard only, `?` help with every binding, the repaint interval
(--refresh / --low-bandwidth) and coalesced updates under a flood of log lines."""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Static

from console import cli
from console import config as cfgmod
from console import events as ev
from console.control.agent import AgentDecider
from console.runner import PUMP_SLICE, LiveSession
from console.sim.handle import SimHandle
from console.sources.agent import AgentSource
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from console.ui.replay import ReplayFeed, ReplayScreen
from console.ui.screens.confirm import ConfirmDecision
from console.ui.screens.console import MIN_HEIGHT, MIN_WIDTH, ConsoleScreen
from console.ui.screens.help import HelpScreen
from console.ui.widgets.gate_bar import GateBar
from console.ui.widgets.log_view import LogView
from console.ui.widgets.status_bar import StatusBar
from tests.helpers.sim_operator import FAST

TOKEN = "bastion-s3cret"
# tests/sim's fast, reproducible run (the clock stands still while a gate waits for us).
SIM: dict[str, Any] = {**FAST, "heartbeat_s": 0.2}
SIZES = [
    (240, 70),
    (80, 24),
    (60, 20),
    (120, 40),
    (81, 25),
    (79, 24),
    (80, 23),
    (20, 5),
    (100, 30),
    (1, 1),
    (200, 50),
    (80, 24),
]


@pytest.fixture(autouse=True)
def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Theme switches and config reads stay inside the test's own directory."""
    monkeypatch.setenv("OPSCONSOLE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OPSCONSOLE_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with SimHandle.start("healthy", token=TOKEN, **SIM) as handle:
        yield handle


@pytest.fixture
def live(sim: SimHandle, tmp_path: Path) -> Iterator[LiveSession]:
    """The demo's wiring: the simulated agent's stream and its decision endpoint."""
    session = LiveSession(
        db_path=tmp_path / "live.db",
        name="bastion",
        sources=[AgentSource(sim.url, TOKEN)],
        decider=AgentDecider(sim.url, TOKEN),
        label="test",
    )
    yield session
    session.close()


def _live_app(session: LiveSession, **kwargs: Any) -> OpsConsoleApp:
    async def runner(stop: asyncio.Event) -> None:
        await session.run(stop)

    return OpsConsoleApp(LiveFeed(session), runner=runner, persist_theme=False, **kwargs)


def _replay_app(feed: ReplayFeed, refresh: float = 0.25) -> OpsConsoleApp:
    return OpsConsoleApp(
        feed,
        screen_factory=lambda _: ReplayScreen(feed, refresh_interval=refresh),
        refresh_interval=refresh,
        persist_theme=False,
    )


async def _until(pilot: Pilot[Any], cond: Callable[[], Any], what: str, tries: int = 600) -> Any:
    """Poll the running app (no timing asserted: only a generous cap on waiting)."""
    for _ in range(tries):
        got = cond()
        if got:
            return got
        await pilot.pause(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _gate_open(session: LiveSession) -> Callable[[], bool]:
    def check() -> bool:
        state = session.pipeline.state
        avail = session.desk.availability()
        return state.gate is not None and avail["approve"].enabled

    return check


def _screen_text(app: OpsConsoleApp) -> str:
    """What the terminal shows, as text (from Textual's own screenshot of the screen)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def _console(app: OpsConsoleApp) -> ConsoleScreen:
    """The console screen, under any modal on top of it."""
    return next(s for s in reversed(app.screen_stack) if isinstance(s, ConsoleScreen))


def _not_on_screen(app: OpsConsoleApp, widget: Widget, name: str) -> list[str]:
    screen = app.screen.region
    region = widget.region
    if not (widget.display and widget.visible):
        return [f"{name} hidden"]
    if region.width <= 0 or region.height <= 0:
        return [f"{name} has no room: {region}"]
    if not screen.contains_region(region):
        return [f"{name} {region} is off screen {screen}"]
    return []


def _assert_on_screen(app: OpsConsoleApp, widget: Widget, name: str) -> None:
    problems = _not_on_screen(app, widget, name)
    assert not problems, f"{problems} at {app.size}"


def _too_small_message(app: OpsConsoleApp) -> bool:
    return f"needs at least {MIN_WIDTH}x{MIN_HEIGHT}" in _screen_text(app)


def _layout_problems(app: OpsConsoleApp, w: int, h: int) -> list[str]:
    """What is wrong with the screen at this size (nothing, once the layout has settled)."""
    if not app.is_running:
        return ["the console stopped"]
    if app.size != (w, h):
        return [f"still {app.size}"]
    screen = _console(app)
    too_small = screen.query_one("#too-small")
    if w < MIN_WIDTH or h < MIN_HEIGHT:
        # below the minimum: the message, and nothing of the layout squeezed under it
        problems = [] if too_small.region.area > 0 else ["no 'too small' message"]
        if screen.query_one(LogView).region.area:
            problems.append("the log is drawn")
        return problems
    gate = screen.query_one(GateBar)
    problems = [
        *_not_on_screen(app, screen.query_one(StatusBar), "status bar"),
        *_not_on_screen(app, screen.query_one(LogView), "log"),
        *_not_on_screen(app, gate, "gate bar"),
    ]
    for verb in ("approve", "hold", "rollback"):
        problems += _not_on_screen(app, gate.query_one(f"#verb-{verb}", Button), f"{verb} button")
    if too_small.region.area:
        problems.append("'too small' shown")
    return problems


async def _check_size(pilot: Pilot[Any], app: OpsConsoleApp, w: int, h: int) -> None:
    await pilot.resize_terminal(w, h)
    problems: list[str] = []
    for _ in range(100):  # the layout settles within a few frames; a loaded machine is slower
        await pilot.pause()
        problems = _layout_problems(app, w, h)
        if not problems:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"at {w}x{h}: {problems}")


# --- sizes ----------------------------------------------------------------------------------


async def test_resizing_the_live_console_never_crashes(live: LiveSession) -> None:
    app = _live_app(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, _gate_open(live), "the first gate")
        for w, h in SIZES:
            await _check_size(pilot, app, w, h)
        # still alive and answering keys after all that
        await pilot.press("question_mark")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")


async def test_resizing_replay_never_crashes(healthy_feed: ReplayFeed) -> None:
    feed = healthy_feed
    app = _replay_app(feed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")  # the whole session on screen: outcome, gates, timeline
        for w, h in SIZES:
            await _check_size(pilot, app, w, h)
    feed.cursor.close()


async def test_below_the_minimum_a_clear_message_then_back_to_normal(
    healthy_feed: ReplayFeed,
) -> None:
    feed = healthy_feed
    app = _replay_app(feed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not _too_small_message(app)
        for w, h in [(60, 20), (79, 40), (120, 23)]:
            await _check_size(pilot, app, w, h)  # the message, none of the layout
            size = f"{w}x{h}"

            # it says what the terminal is now, and what it needs
            def said(size: str = size) -> bool:
                return size in _screen_text(app)

            await _until(pilot, said, f"{size} said")
            assert _too_small_message(app), _screen_text(app)
        await _check_size(pilot, app, 120, 40)  # back: the layout, no message
        assert not _too_small_message(app)
    feed.cursor.close()


# --- keyboard only --------------------------------------------------------------------------


async def test_tab_reaches_the_log_and_every_gate_button(live: LiveSession) -> None:
    app = _live_app(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, _gate_open(live), "the first gate")
        await pilot.pause(0.3)  # a tick: the buttons are enabled on screen too
        assert isinstance(app.focused, LogView)
        seen: list[str] = []
        for _ in range(12):
            await pilot.press("tab")
            focused = app.focused
            seen.append(str(focused.id) if focused is not None else "")
        assert {"log", "verb-approve", "verb-hold", "verb-rollback"} <= set(seen), seen
        # shift+tab goes back the other way
        for _ in range(12):
            if app.focused is not None and app.focused.id == "verb-hold":
                break
            await pilot.press("tab")
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "verb-approve"
        # enter on a focused button is the same as pressing it: hold the gate
        await pilot.press("tab", "enter")
        await _until(pilot, lambda: (live.pipeline.state.gate or {}).get("held"), "the hold")


async def test_verbs_work_from_the_keyboard(live: LiveSession) -> None:
    app = _live_app(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, _gate_open(live), "the first gate")
        gate = live.pipeline.state.gate
        assert gate is not None
        first = gate["gate_id"]
        await pilot.press("h")
        await _until(pilot, lambda: (live.pipeline.state.gate or {}).get("held"), "the hold")
        await _until(pilot, _gate_open(live), "the desk to be free again")
        await pilot.press("a")

        def next_gate() -> bool:
            gate = live.pipeline.state.gate
            return gate is not None and gate["gate_id"] != first and _gate_open(live)()

        await _until(pilot, next_gate, "the next gate after approving")
        decisions = [g["decision"] for g in live.pipeline.state.gates if g["decision"]]
        assert decisions[:1] == ["approve"]
        # r asks for confirmation with a reason, all by keyboard
        await pilot.press("r")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmDecision), "the confirmation")
        await pilot.press("enter")  # no reason: refused, nothing sent
        assert isinstance(app.screen, ConfirmDecision)
        assert live.pipeline.state.rollback is None
        await pilot.press(*"canary looks wrong", "enter")
        await _until(pilot, lambda: live.pipeline.state.rollback, "the rollback")
        await _until(
            pilot,
            lambda: (live.pipeline.state.outcome or {}).get("status") == "rolled_back",
            "the rolled back outcome",
        )
        assert not isinstance(app.screen, ConfirmDecision)


async def test_search_follow_and_level_from_the_keyboard(healthy_feed: ReplayFeed) -> None:
    feed = healthy_feed
    app = _replay_app(feed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        log = _console(app).query_one(LogView)
        await _until(pilot, lambda: log.line_count > 10, "the log")
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "log-search"
        await pilot.press(*"traffic", "enter")
        await _until(pilot, lambda: "hit" in str(log.border_subtitle), "search hits")
        assert app.focused is log
        await pilot.press("escape")
        await pilot.press("l")  # the level filter (e and E go to errors, as in lnav)
        assert log.level_filter == "warning"
        await pilot.press("l", "l")
        assert log.level_filter == "all"
        await pilot.press("home")
        await _until(pilot, lambda: not log.follow or log.max_scroll_y == 0, "scrolling up")
        await pilot.press("f")
        assert log.follow
    feed.cursor.close()


# --- help -----------------------------------------------------------------------------------


def _help_text(app: OpsConsoleApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def _labels(screen: Any) -> set[str]:
    """The keys of the screen's active bindings, named as help names them (0-9 are one row,
    ctrl+c is Textual's own quit hint)."""
    from console.ui.screens.help import key_name

    keys = {key_name(key) for key in screen.active_bindings}
    return {k for k in keys if not k.isdigit() and k != "ctrl+c"}


def _help_keys(app: OpsConsoleApp) -> set[str]:
    assert isinstance(app.screen, HelpScreen)
    return {k for _, keys, _ in app.screen.rows for k in keys.split(" / ")}


async def test_help_lists_every_binding_of_the_live_screen(live: LiveSession) -> None:
    app = _live_app(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        underneath = app.screen
        wanted = _labels(underneath)
        await pilot.press("question_mark")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        text = _help_text(app)
        for label in ["Approve", "Hold", "Rollback", "Search", "Follow", "Level", "Screenshot"]:
            assert label in text, label
        assert "Quit" in text or "quit" in text
        missing = sorted(wanted - _help_keys(app))
        assert not missing, f"bindings missing from help: {missing}"
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")
        assert app.screen is underneath


async def test_help_in_replay_lists_the_transport_keys(healthy_feed: ReplayFeed) -> None:
    feed = healthy_feed
    app = _replay_app(feed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wanted = _labels(app.screen)
        await pilot.press("question_mark")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        text = _help_text(app)
        for label in ["Play/Pause", "Faster", "Slower", "Next mark", "Prev mark", "Search"]:
            assert label in text, label
        assert "0 … 9" in text  # the ten jump keys, one row
        missing = sorted(wanted - _help_keys(app))
        assert not missing, f"bindings missing from help: {missing}"
        await pilot.press("question_mark")  # ? toggles it too
        await _until(pilot, lambda: isinstance(app.screen, ReplayScreen), "help to close")
    feed.cursor.close()


# --- repaint interval -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "config", "expected"),
    [
        ([], "", cfgmod.UiConfig().refresh),
        (["--refresh", "2"], "", 2.0),
        (["--low-bandwidth"], "", 1.0),
        (["--refresh", "0.5", "--low-bandwidth"], "", 0.5),  # an explicit interval wins
        ([], "[ui]\nrefresh = 0.5\n", 0.5),
        ([], "[ui]\nlow_bandwidth = true\n", 1.0),
        (["--refresh", "3"], "[ui]\nlow_bandwidth = true\n", 3.0),
    ],
)
def test_refresh_flags_and_config(
    tmp_path: Path, argv: list[str], config: str, expected: float
) -> None:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    for command in (["demo"], ["replay", "x.db"]):
        args = cli.build_parser().parse_args([*command, *argv])
        assert cli._refresh(args, cfgmod.load()) == expected


def test_a_refresh_of_zero_is_one_clear_error() -> None:
    args = cli.build_parser().parse_args(["demo", "--refresh", "0"])
    with pytest.raises(cli.UsageError, match="--refresh"):
        cli._refresh(args, cfgmod.load())


def _tick_interval(screen: ConsoleScreen) -> float:
    """The interval of the timer that repaints the screen."""
    timers = [t for t in screen._timers if getattr(t._callback, "__name__", "") == "tick"]
    assert len(timers) == 1, timers
    return float(timers[0]._interval)


@pytest.mark.parametrize("refresh", [0.25, 1.0, 2.0])
async def test_the_screen_repaints_at_the_chosen_interval(
    healthy_feed: ReplayFeed, refresh: float
) -> None:
    feed = healthy_feed
    app = OpsConsoleApp(feed, refresh_interval=refresh, persist_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _console(app)
        assert screen.refresh_interval == refresh
        assert _tick_interval(screen) == refresh
    replay = _replay_app(feed, refresh)
    async with replay.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _console(replay)
        assert isinstance(screen, ReplayScreen)
        assert _tick_interval(screen) == refresh
    feed.cursor.close()


# --- coalescing -----------------------------------------------------------------------------

BURST = 5000
CHUNK = 1000  # the source hands the loop back between chunks, as a network read would


class Burst:
    """A source that delivers a flood of log lines at once, then stays quiet."""

    def __init__(self) -> None:
        self.sent = 0

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        yield ev.SessionInfo(ts=time.time(), service="checkout", version="v2", agent="sim")
        t0 = time.time()
        for i in range(BURST):
            yield ev.LogLine(ts=t0 + i / 1000, level="INFO", message=f"flood line {i}")
            self.sent += 1
            if (i + 1) % CHUNK == 0:
                await asyncio.sleep(0)
        await stop.wait()


async def test_a_flood_of_log_lines_is_coalesced(tmp_path: Path) -> None:
    burst = Burst()
    session = LiveSession(db_path=tmp_path / "flood.db", name="flood", sources=[burst])
    batches: list[int] = []
    original = LogView.extend

    def counting_extend(self: LogView, items: list[tuple[int, ev.LogLine]]) -> None:
        batches.append(len(items))
        original(self, items)

    app = _live_app(session)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(LogView, "extend", counting_extend)
            async with app.run_test(size=(120, 40)) as pilot:
                log = _console(app).query_one(LogView)
                await _until(pilot, lambda: sum(batches) >= BURST, "the whole burst on screen")
                await pilot.pause(0.3)
                assert burst.sent == BURST
                assert sum(batches) == BURST
                # One repaint per tick, never one per line: the runner hands the loop back
                # every PUMP_SLICE events, and a tick takes all that came since the last.
                # How many ticks a burst spans is the machine's business (a loaded one
                # spans more); each carries at least a slice's worth on average.
                assert len(batches) <= BURST // PUMP_SLICE, batches
                assert max(batches) >= 4 * PUMP_SLICE, batches
                assert log.visible_text()[-1].endswith(f"flood line {BURST - 1}")
                assert log.follow and log.scroll_y == log.max_scroll_y
    finally:
        session.close()
