"""Issue #20: a failed stage is ✗ (a precaution rollback ↩), never ✓, in the stage bar, the
timeline and the Markdown export alike; the plan's steps never reached are ·."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.ingest import import_files
from console.report.build import build
from console.report.markdown import render_markdown
from console.ui.widgets.timeline import TimelinePanel
from console.ui.widgets.traffic import TrafficPanel
from tests.helpers.ui import LOGS, replay_app

SEED = Path("/work/shared/seeds/000_8b2982a7c5d3f7da.txt")
PRECAUTION = (
    "Agent Runtime Log - api v1 (ATTEMPT 1)\n"
    "Start Time: 2025-03-04 14:10:00 UTC\n\n"
    "[14:10:00] [PLANNING] Traffic plan: 10% → 25% → 50% → 75% → 100%\n"
    "[14:11:00] [TOOL] Executing: traffic_shift(percentage=10)\n"
    "[14:16:00] [TOOL] Executing: traffic_shift(percentage=25)\n"
    "[14:18:00] [ACTION] Initiating rollback: change window closing\n"
    '[14:18:00] [TOOL] Executing: rollback_traffic(to_env="blue")\n'
    "[14:19:00] [OBSERVATION] Rollback complete\n\n"
    "ROLLBACK STATUS: SUCCESSFUL\n"
)


async def marks_on_screen(db: Path) -> tuple[str, str]:
    """The stage bar's line and the timeline, at the replay's end."""
    app, feed = replay_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        feed.seek(feed.cursor.total)
        app.screen.tick()
        await pilot.pause()
        bar = str(app.screen.query_one(TrafficPanel).render()).splitlines()[-1]
        timeline = str(app.screen.query_one(TimelinePanel).render())
    return bar.strip(), timeline


def import_log(tmp_path: Path, log: Path) -> tuple[Path, str]:
    db = tmp_path / "s.db"
    return db, import_files([log], db).session_id


async def test_a_rollback_at_50_fails_that_stage_everywhere(tmp_path: Path) -> None:
    db, sid = import_log(tmp_path, LOGS / "rollout_rollback_at_50.log")
    bar, timeline = await marks_on_screen(db)
    assert bar == "✓10% ✓25% ✗50% ·75% ·100%"
    lines = timeline.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["✓", "✓", "✗"]
    assert "50%" in lines[2] and "✓" not in lines[2]
    md = render_markdown(build(db, sid))
    assert "Stages: ✓10% ✓25% ✗50% ·75% ·100% (rolled_back)" in md
    assert "| 50 % | ✗ failed |" in md


async def test_a_precaution_rollback_is_marked_rolled_back(tmp_path: Path) -> None:
    log = tmp_path / "agent.log"
    log.write_text(PRECAUTION)
    db, sid = import_log(tmp_path, log)
    bar, timeline = await marks_on_screen(db)
    assert bar == "✓10% ↩25% ·50% ·75% ·100%"
    assert timeline.splitlines()[1].split()[:2] == ["↩", "25%"]
    assert build(db, sid).stage_marks == "✓10% ↩25% ·50% ·75% ·100%"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed log is not on this machine")
async def test_the_seed_logs_rollback_at_75_is_failed_on_screen_and_in_the_export(
    tmp_path: Path,
) -> None:
    db, sid = import_log(tmp_path, SEED)
    bar, timeline = await marks_on_screen(db)
    assert bar == "✓10% ✓25% ✓50% ✗75% ·100%"
    assert timeline.splitlines()[3].split()[:2] == ["✗", "75%"]
    assert build(db, sid).stage_marks == "✓10% ✓25% ✓50% ✗75% ·100%"
