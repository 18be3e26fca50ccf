"""Issue 20, item 6: help, palette, footer and toasts, live and in replay, at 80x24 and 120x40."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets._toast import Toast

from console.ui.app import OpsConsoleApp, worded_once
from console.ui.screens.help import HelpScreen, key_name
from console.ui.widgets.gate_bar import GateBar
from console.ui.widgets.log_view import LogView
from tests.helpers.ui import Live, replay_app, screen_text, wait_for

SIZES = [(80, 24), (120, 40)]
TEXTUAL_NAMES = re.compile(
    r"\b(slash|question_mark|ampersand|dollar_sign|full_stop|comma|less_than_sign|"
    r"greater_than_sign|left_square_bracket|right_square_bracket|left_curly_bracket)\b"
)
CLASS_NAMES = ("LogView", "ConsoleScreen", "ReplayScreen", "OpsConsoleApp", "GateBar", "Panel")


async def _check_help(pilot: Any, app: OpsConsoleApp, *, replay: bool) -> None:
    screen = app.screen
    log = screen.query_one(LogView)
    expected = {
        key_name(b.key)
        for node in (app, screen, log)
        for b in node._bindings.key_to_bindings.values()
        for b in b
        if node.check_action(b.action.split("(")[0], ()) is not False
        and not b.action.startswith("seek_percent")
        and b.action not in ("help_quit",)
    }
    await pilot.press("question_mark")
    help_screen = await wait_for(
        pilot, lambda: app.screen if isinstance(app.screen, HelpScreen) else None
    )
    text = "\n".join(f"{task} | {keys} | {label}" for task, keys, label in help_screen.rows)
    assert not TEXTUAL_NAMES.search(text), text
    assert not any(name in text for name in CLASS_NAMES), text
    shown = {k.strip() for _, keys, _ in help_screen.rows for k in keys.split(" / ")}
    missing = {k for k in expected if k not in shown}
    if replay:  # ←/→ seek in replay; the log's sideways keys are { and }
        assert "{" in shown and "}" in shown
    assert not missing, (missing, text)
    tasks = [task for task, _, _ in help_screen.rows]
    assert "Everywhere" in tasks and "Read the log" in tasks and "Find in the log" in tasks
    assert ("Decide at a gate" in tasks) is not replay  # replay decides nothing
    assert ("Everywhere", "ctrl+q / q", "Quit") in help_screen.rows
    rendered = screen_text(app)
    assert "Keys, by what you are doing" in rendered and not TEXTUAL_NAMES.search(rendered)
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


def _palette_titles(app: OpsConsoleApp) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


def _footer(app: OpsConsoleApp) -> str:
    return screen_text(app).splitlines()[-1]


async def _check_toast(pilot: Any, app: OpsConsoleApp) -> None:
    app.notify("warning: warning: gate g1 has waited 5 min", severity="warning", timeout=30)
    toast = await wait_for(pilot, lambda: next(iter(app.screen.query(Toast)), None))
    await pilot.pause(0.2)
    assert "warning: gate g1 has waited 5 min" in screen_text(app)
    assert "warning: warning" not in screen_text(app)
    gate = app.screen.query_one(GateBar).region
    assert toast.region.area and not toast.region.overlaps(gate), (toast.region, gate)


@pytest.mark.parametrize("size", SIZES)
async def test_replay_help_palette_footer_and_toasts(
    sample_copy: Callable[[str], Path], size: tuple[int, int]
) -> None:
    app, feed = replay_app(sample_copy("missing-index"))
    feed.seek(feed.cursor.markers(("gate",), limit=1)[0].seq)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause(0.2)
        await _check_help(pilot, app, replay=True)
        titles = _palette_titles(app)
        assert titles.count("Screenshot") == 1 and titles.count("Help") == 1
        assert not {"Approve", "Hold", "Rollback"} & set(titles)
        footer = _footer(app)
        for item in ("? Help", "q Quit", "space Play/Pause", "/ Search"):
            assert item in footer, footer
        await _check_toast(pilot, app)


@pytest.mark.parametrize("size", SIZES)
async def test_live_help_palette_footer_and_toasts(live: Any, size: tuple[int, int]) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, lambda: lv.state.gate, what="a gate")
        await _check_help(pilot, lv.app, replay=False)
        titles = _palette_titles(lv.app)
        for verb in ("Approve", "Hold", "Rollback", "Screenshot", "Help"):
            assert titles.count(verb) == 1, titles
        footer = _footer(lv.app)
        for item in ("a Approve", "h Hold", "r Rollback", "? Help", "q Quit"):
            assert item in footer, footer
        await _check_toast(pilot, lv.app)

        # The palette's Hold is the gate's Hold.
        hold = next(c for c in lv.app.get_system_commands(lv.app.screen) if c.title == "Hold")
        hold.callback()
        await wait_for(pilot, lambda: (lv.state.gate or {}).get("held"), what="the hold")


def test_a_word_said_twice_is_said_once() -> None:
    assert worded_once("warning: warning: gate g1") == "warning: gate g1"
    assert worded_once("agent: Agent: agent: unreachable") == "agent: unreachable"
    assert worded_once("approve: accepted — gate: gate: ok") == "approve: accepted — gate: ok"
    assert worded_once("p99: 780 ms") == "p99: 780 ms"
