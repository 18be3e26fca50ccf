"""A long import stays linear: its snapshots are no bigger than a short one's (State is
bounded), the database grows with the log, and seeking into it is still exact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from console.ingest import import_files
from console.state import State, reduce
from console.store.replay import ReplayCursor


def _agent_log(path: Path, cycles: int) -> None:
    """A rollout that shifts, warns, breaches its SLO and calls tools, over and over, in the
    seed's entry shapes."""
    lines = [
        "Agent Runtime Log - Production Microservice Deployment",
        "Session ID: deploy-scale-test",
        "Start Time: 2024-11-21 09:30:00 UTC",
        "",
    ]
    t = 9 * 3600 + 30 * 60
    for i in range(cycles):
        for pct in (10, 25, 50, 75, 100):
            t += 7
            stamp = f"[{t // 3600 % 24:02d}:{t // 60 % 60:02d}:{t % 60:02d}]"
            lines += [
                f"{stamp} [ACTION] Shifting traffic to {pct}%",
                f"{stamp} [TOOL] Executing: traffic_shift(percentage={pct})",
                f"{stamp} [OBSERVATION] Metrics after 1 minute at {pct}%:",
                f"  - P99 latency: {300 + i % 400}ms",
                f"  - Error rate: {(i % 30) / 10:.1f}%",
                "",
                f"{stamp} [ERROR] SLO violation: P99 latency {600 + i}ms exceeds 500ms threshold",
                f"{stamp} [WARNING] DB connection utilization high: 90/100 (90%) (threshold: 85%)",
                "",
            ]
    path.write_text("\n".join(lines) + "\n")


def _snapshots(db: Path, sid: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT length(state) FROM snapshots WHERE session_id = ? ORDER BY seq", (sid,)
        )
        return [r[0] for r in rows]
    finally:
        conn.close()


def test_a_long_imports_snapshots_stay_the_size_of_a_short_ones(tmp_path: Path) -> None:
    short_log, long_log = tmp_path / "short.log", tmp_path / "long.log"
    _agent_log(short_log, 100)
    _agent_log(long_log, 1000)
    short = import_files([short_log], tmp_path / "short.db")
    long = import_files([long_log], tmp_path / "long.db")
    assert long.events > 9 * short.events
    short_sizes = _snapshots(tmp_path / "short.db", short.session_id)
    long_sizes = _snapshots(tmp_path / "long.db", long.session_id)
    assert len(long_sizes) > 9 * len(short_sizes) > 0
    assert max(long_sizes) < 1.2 * max(short_sizes)
    # the store grows with the log, not faster
    assert (tmp_path / "long.db").stat().st_size < 12 * (tmp_path / "short.db").stat().st_size


def test_seeking_a_long_import_is_exact(tmp_path: Path) -> None:
    log = tmp_path / "long.log"
    _agent_log(log, 400)
    result = import_files([log], tmp_path / "s.db")
    cursor = ReplayCursor(tmp_path / "s.db", result.session_id)
    try:
        events = list(cursor.events(1, cursor.total))
        for target in (cursor.total, cursor.total // 2, 3, cursor.total - 1777):
            folded = State()
            for _, e in events[:target]:
                reduce(folded, e)
            assert cursor.state_at(target).to_dict() == folded.to_dict(), target
        assert folded.omitted  # the session was long enough to bound
    finally:
        cursor.close()
