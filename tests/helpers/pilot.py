"""Driving a Textual app in tests: wait for a condition, read the screen as text."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot


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
