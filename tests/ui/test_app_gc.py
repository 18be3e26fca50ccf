"""The console's screen and the garbage collector."""

from __future__ import annotations

import gc
from pathlib import Path

from console.store.catalog import resolve
from console.ui.app import GC_THRESHOLDS, OpsConsoleApp
from console.ui.replay import ReplayFeed

SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "healthy.db"


async def test_the_screen_collects_garbage_in_big_rounds_and_puts_the_thresholds_back() -> None:
    """Full collections stalled a busy screen for up to 60 ms: while the console is up the
    collector runs in rounds of 10,000 young objects; afterwards the process has its own
    thresholds again."""
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    target = resolve(str(SAMPLE))
    app = OpsConsoleApp(ReplayFeed(target.db_path, target.session_id), persist_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before
